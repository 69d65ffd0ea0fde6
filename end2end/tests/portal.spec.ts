// Latchkey in front of a portal, as an operator sets it up: nginx with deploy/nginx.conf (the
// README's snippet) on a loopback port, Latchkey behind it, and a portal page that shows the
// headers it receives.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { LatchkeyProcess } from './support/processes';
import { submitLogin } from './support/page';

const root = path.resolve(__dirname, '../..');
const work = path.join(root, 'target', 'e2e-portal');
const NGINX = 3151;
const LATCHKEY = 3152;
const PORTAL = 3153;
const ORIGIN = `http://127.0.0.1:${NGINX}`;
const SNIPPET = readFileSync(path.join(root, 'deploy', 'nginx.conf'), 'utf8');

let nginx: ChildProcess;
let portal: http.Server;
let latchkey: LatchkeyProcess;
const person = { email: 'dev@portal.example', password: 'correct horse battery staple' };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  // The portal: a page that shows who the proxy said is signed in.
  portal = http.createServer((req, res) => {
    const who = `${req.headers['x-latchkey-email'] ?? ''} (${req.headers['x-latchkey-role'] ?? ''})`;
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!DOCTYPE html><title>Portal</title><h1>Portal</h1><p id="who">Signed in as ${who}</p>`);
  });
  await new Promise<void>((resolve) => portal.listen(PORTAL, '127.0.0.1', resolve));

  const env = {
    WORK_DIR: path.join(work, 'latchkey'),
    LATCHKEY_DATABASE_URL: `sqlite://${work}/latchkey/portal.db?mode=rwc`,
    LATCHKEY_BASE_URL: ORIGIN,
    LATCHKEY_TRUST_PROXY: 'true',
    LATCHKEY_MAIL_DIR: path.join(work, 'mail'),
    LATCHKEY_SITE_ROOT: path.join(root, 'target', 'site'),
  };
  mkdirSync(env.WORK_DIR, { recursive: true });
  execFileSync(path.join(root, 'target/release/latchkey'), ['user', 'add', '--email', person.email, '--role', 'consumer', '--password-stdin'], {
    env: { ...process.env, ...env, LATCHKEY_LOG: 'warn' },
    input: `${person.password}\n`,
    cwd: env.WORK_DIR,
  });
  latchkey = new LatchkeyProcess(LATCHKEY, env);
  await latchkey.start();

  // The README's snippet, with this test's addresses in place of the example ones.
  const server = SNIPPET.replace('listen 443 ssl;', `listen 127.0.0.1:${NGINX};`)
    .replaceAll('127.0.0.1:3000', `127.0.0.1:${LATCHKEY}`)
    .replaceAll('127.0.0.1:8080', `127.0.0.1:${PORTAL}`);
  const conf = path.join(work, 'nginx.conf');
  writeFileSync(
    conf,
    `pid ${work}/nginx.pid;\nerror_log ${work}/nginx-error.log;\nevents {}\n` +
      `http {\n  access_log off;\n  client_body_temp_path ${work}/body;\n  proxy_temp_path ${work}/proxy;\n${server}\n}\n`,
  );
  nginx = spawn('/usr/sbin/nginx', ['-p', work, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
  await expect.poll(async () => (await fetch(`${ORIGIN}/auth/login`).catch(() => null))?.status).toBe(200);
});

test.afterAll(async () => {
  nginx?.kill('SIGTERM');
  latchkey?.stop();
  await new Promise((resolve) => portal?.close(resolve));
});

test('the README shows the nginx configuration this test runs @http', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  expect(readme).toContain(SNIPPET.trim());
});

test('a visitor logs in through the proxy and lands back on the portal page', async ({ page }) => {
  await page.goto(`${ORIGIN}/docs/getting-started`);
  await expect(page).toHaveURL(/\/auth\/login\?return_to=/);
  // A wrong password first: the way back to the portal survives it.
  await submitLogin(page, person.email, 'not the right password');
  await expect(page.getByRole('alert')).toContainText('Incorrect email or password.');
  await submitLogin(page, person.email, person.password);
  await expect(page).toHaveURL(`${ORIGIN}/docs/getting-started`);
  await expect(page.locator('#who')).toHaveText(`Signed in as ${person.email} (consumer)`);

  // After Log out the portal refuses again.
  await page.goto(`${ORIGIN}/account`);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/auth\/login$/);
  await page.goto(`${ORIGIN}/docs/getting-started`);
  await expect(page).toHaveURL(/\/auth\/login\?return_to=/);
});

test('verify answers the proxy: 401 signed out, headers signed in, 403 for a role it lacks @http', async ({
  request,
}) => {
  const verify = (query = '', headers: Record<string, string> = {}) =>
    request.get(`http://127.0.0.1:${LATCHKEY}/api/auth/verify${query}`, { headers, maxRedirects: 0 });
  const anonymous = await verify();
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()['set-cookie']).toBeUndefined();
  expect(anonymous.headers()['cache-control']).toBe('no-store');

  // Traefik and Caddy hand the answer to the browser: signed out, it is the login page, which
  // returns to the page the trusted proxy names (when a login may return there).
  const forwarded = { 'X-Forwarded-Proto': 'http', 'X-Forwarded-Host': `127.0.0.1:${NGINX}`, 'X-Forwarded-Uri': '/docs/x' };
  const toLogin = await verify('?redirect=true', forwarded);
  expect(toLogin.status()).toBe(302);
  expect(toLogin.headers()['location']).toBe(`${ORIGIN}/auth/login?return_to=${encodeURIComponent(`${ORIGIN}/docs/x`)}`);
  const elsewhere = await verify('?redirect=true', { ...forwarded, 'X-Forwarded-Host': 'evil.example' });
  expect(elsewhere.headers()['location']).toBe(`${ORIGIN}/auth/login`);

  const login = await request.post(`http://127.0.0.1:${LATCHKEY}/api/auth/login`, {
    form: { email: person.email, password: person.password },
  });
  expect(login.status()).toBe(200);
  const session = login.headers()['set-cookie'].split('\n').find((c) => c.startsWith('latchkey_session='))!;
  const cookie = { Cookie: session.split(';')[0] };
  const signedIn = await verify('', cookie);
  expect(signedIn.status()).toBe(200);
  expect(await signedIn.text()).toBe('');
  expect(signedIn.headers()['x-latchkey-email']).toBe(person.email);
  expect(signedIn.headers()['x-latchkey-role']).toBe('consumer');
  expect(signedIn.headers()['x-latchkey-account']).toMatch(/^\d+$/);
  expect(signedIn.headers()['set-cookie']).toBeUndefined();
  expect((await verify('?role=owner', cookie)).status()).toBe(403);
  expect((await verify('?role=consumer', cookie)).status()).toBe(200);
});
