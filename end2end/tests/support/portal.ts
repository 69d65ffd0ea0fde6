// A developer portal behind a reverse proxy, as an operator sets it up: Latchkey behind the
// proxy (base URL = the proxy's origin), and a portal page that shows the headers it receives.
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { LatchkeyProcess } from './processes';
import { open, submitLogin } from './page';

export const root = path.resolve(__dirname, '../../..');
export const person = { email: 'dev@portal.example', password: 'correct horse battery staple' };
export const owner = { email: 'owner@portal.example', password: 'a steward passphrase of some length' };

export interface Ports {
  proxy: number;
  latchkey: number;
  portal: number;
}

/** A running portal, Latchkey and proxy; `stop` ends all three. */
export class PortalSetup {
  private portal?: http.Server;
  private proxy?: ChildProcess;
  private latchkey?: LatchkeyProcess;
  readonly work: string;
  readonly origin: string;

  constructor(name: string, readonly ports: Ports) {
    this.work = path.join(root, 'target', `e2e-${name}`);
    this.origin = `http://127.0.0.1:${ports.proxy}`;
  }

  /** Starts everything; `startProxy` starts the proxy given this setup's work folder. */
  async start(startProxy: (work: string) => ChildProcess) {
    rmSync(this.work, { recursive: true, force: true });
    mkdirSync(this.work, { recursive: true });
    this.portal = http.createServer((req, res) => {
      // What the portal was told of who is signed in.
      if (req.url === '/whoami') {
        const told = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name.startsWith('x-latchkey-')));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(told));
        return;
      }
      const who = `${req.headers['x-latchkey-email'] ?? ''} (${req.headers['x-latchkey-role'] ?? ''})`;
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<!DOCTYPE html><title>Portal</title><h1>Portal</h1><p id="who">Signed in as ${who}</p>`);
    });
    await new Promise<void>((resolve) => this.portal!.listen(this.ports.portal, '127.0.0.1', resolve));

    const env = {
      WORK_DIR: path.join(this.work, 'latchkey'),
      LATCHKEY_DATABASE_URL: `sqlite://${this.work}/latchkey/portal.db?mode=rwc`,
      LATCHKEY_BASE_URL: this.origin,
      LATCHKEY_TRUST_PROXY: 'true',
      LATCHKEY_MAIL_DIR: path.join(this.work, 'mail'),
      LATCHKEY_SITE_ROOT: path.join(root, 'target', 'site'),
    };
    mkdirSync(env.WORK_DIR, { recursive: true });
    for (const [who, role] of [
      [person, 'consumer'],
      [owner, 'owner'],
    ] as const) {
      execFileSync(path.join(root, 'target/release/latchkey'), ['user', 'add', '--email', who.email, '--role', role, '--password-stdin'], {
        env: { ...process.env, ...env, LATCHKEY_LOG: 'warn' },
        input: `${who.password}\n`,
        cwd: env.WORK_DIR,
      });
    }
    this.latchkey = new LatchkeyProcess(this.ports.latchkey, env);
    await this.latchkey.start();

    this.proxy = startProxy(this.work);
    await expect.poll(async () => (await fetch(`${this.origin}/auth/login`).catch(() => null))?.status).toBe(200);
  }

  /** The example addresses of a README snippet replaced by this setup's. */
  addresses(snippet: string) {
    return snippet
      .replaceAll('127.0.0.1:3000', `127.0.0.1:${this.ports.latchkey}`)
      .replaceAll('127.0.0.1:8080', `127.0.0.1:${this.ports.portal}`);
  }

  async stop() {
    this.proxy?.kill('SIGTERM');
    this.latchkey?.stop();
    await new Promise((resolve) => (this.portal ? this.portal.close(resolve) : resolve(undefined)));
  }
}

/** Anonymous → login page → back on the portal page with the headers → Log out → refused. */
export async function visitLogInAndOut(page: Page, origin: string) {
  await page.goto(`${origin}/docs/getting-started`);
  await expect(page).toHaveURL(/\/auth\/login\?return_to=/);
  // A wrong password first: the way back to the portal survives it.
  await submitLogin(page, person.email, 'not the right password');
  await expect(page.getByRole('alert')).toContainText('Incorrect email or password.');
  await submitLogin(page, person.email, person.password);
  await expect(page).toHaveURL(`${origin}/docs/getting-started`);
  await expect(page.locator('#who')).toHaveText(`Signed in as ${person.email} (consumer)`);

  await page.goto(`${origin}/account`);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/auth\/login$/);
  await page.goto(`${origin}/docs/getting-started`);
  await expect(page).toHaveURL(/\/auth\/login\?return_to=/);
}

/** A client that claims to be an API Owner in its own X-Latchkey-* headers, signed out and then
 * with its own consumer session: the portal never hears the claim. */
export async function forgedHeadersNeverReachThePortal(request: APIRequestContext, origin: string) {
  const forged = {
    'X-Latchkey-Email': owner.email,
    'X-Latchkey-Role': 'owner',
    'X-Latchkey-Name': 'Forged Owner',
    'X-Latchkey-Account': '4242',
    'X-Latchkey-AMR': 'pwd,otp,mfa',
  };
  const signedOut = await request.get(`${origin}/whoami`, { headers: forged, maxRedirects: 0 });
  expect([302, 401]).toContain(signedOut.status());
  expect(await signedOut.text()).not.toContain(owner.email);

  const login = await request.post(`${origin}/api/auth/login`, { form: { email: person.email, password: person.password } });
  expect(login.status()).toBe(200);
  const session = login.headers()['set-cookie'].split('\n').find((c) => c.startsWith('latchkey_session='))!;
  const told = await request.get(`${origin}/whoami`, { headers: { ...forged, Cookie: session.split(';')[0] }, maxRedirects: 0 });
  expect(told.status()).toBe(200);
  const headers = await told.json();
  expect(headers['x-latchkey-email']).toBe(person.email);
  expect(headers['x-latchkey-role']).toBe('consumer');
  expect(headers['x-latchkey-name'] ?? '').not.toContain('Forged');
  expect(headers['x-latchkey-account']).not.toBe('4242');
  expect(headers['x-latchkey-amr'] ?? '').not.toContain('mfa');
}

/** An API Owner, through the proxy: the accounts page, then a new password. */
export async function ownerAdministersThroughTheProxy(page: Page, origin: string) {
  await page.goto(`${origin}/auth/login`);
  await submitLogin(page, owner.email, owner.password);
  await expect(page).toHaveURL(`${origin}/account`);
  await page.goto(`${origin}/admin/users`);
  await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
  await expect(page.getByRole('cell', { name: person.email, exact: true })).toBeVisible();
  // The live policy check belongs to the app: typing before it takes over would be lost to it.
  await open(page, `${origin}/account/password`);
  const fresh = `${owner.password} ${test.info().project.name}`;
  await page.getByLabel('Current password').fill(owner.password);
  await page.getByLabel('New password', { exact: true }).fill(fresh);
  await page.getByLabel('Confirm new password').fill(fresh);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(`${origin}/account?changed=password`);
  owner.password = fresh;
}
