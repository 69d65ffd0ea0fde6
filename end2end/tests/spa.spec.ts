// The static single-page app (`make spa` → dist/) on one origin, Latchkey's API on another, as
// an operator deploys it: the meta tag points at the API, LATCHKEY_CORS_ORIGINS lists the app.
// The app needs JavaScript, so these run in the hydrated project only (@js).
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
// Not the fixtures' test: its X-Forwarded-For header on every request is not one a browser
// sends, and would make each API call need a preflight that (rightly) does not allow it.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { LatchkeyProcess } from './support/processes';
import { MAIL_SMTP_PORT, resetLinkIn, waitForMail } from './support/mail';
import { staticHost } from './support/static-host';

const root = path.resolve(__dirname, '../..');
const SPA_PORT = Number(process.env.LATCHKEY_E2E_SPA_PORT ?? 3121);
const API_PORT = Number(process.env.LATCHKEY_E2E_SPA_API_PORT ?? 3122);
const spa = `http://127.0.0.1:${SPA_PORT}`;
const work = path.join(root, 'target', 'e2e-spa');
const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase';

const env: Record<string, string> = {
  WORK_DIR: path.join(work, 'latchkey'),
  LATCHKEY_DATABASE_URL: `sqlite://${work}/latchkey/spa.db?mode=rwc`,
  // Emailed links lead to the app, which is where people use them.
  LATCHKEY_BASE_URL: spa,
  LATCHKEY_CORS_ORIGINS: spa,
  LATCHKEY_SMTP_URL: `smtp://127.0.0.1:${MAIL_SMTP_PORT}`,
  LATCHKEY_PORTAL_NAME: 'Acme API Portal',
  LATCHKEY_SITE_ROOT: path.join(root, 'target', 'site'),
};

let host: http.Server;
let api: LatchkeyProcess;
let counter = 0;

function createAccount(role: 'owner' | 'consumer') {
  const email = `spa-${process.pid}-${counter++}-${Date.now()}@example.com`;
  execFileSync(path.join(root, 'target/release/latchkey'), ['user', 'add', '--email', email, '--role', role, '--password-stdin'], {
    env: { ...process.env, ...env, LATCHKEY_LOG: 'warn' },
    cwd: env.WORK_DIR,
    input: `${PASSWORD}\n`,
  });
  return email;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  // The built app, pointed at the API by its meta tag alone (no rebuild); the .br copy of
  // index.html goes, since it still says "same origin".
  cpSync(path.join(root, 'dist'), path.join(work, 'site'), { recursive: true });
  const index = path.join(work, 'site', 'index.html');
  const html = readFileSync(index, 'utf8');
  const meta = '<meta name="latchkey-api-base" content=""';
  expect(html).toContain(meta);
  writeFileSync(index, html.replace(meta, `<meta name="latchkey-api-base" content="http://127.0.0.1:${API_PORT}"`));
  rmSync(`${index}.br`);
  rmSync(`${index}.gz`);
  host = staticHost(path.join(work, 'site'));
  await new Promise<void>((resolve) => host.listen(SPA_PORT, '127.0.0.1', resolve));
  api = new LatchkeyProcess(API_PORT, env);
  await api.start();
});

test.afterAll(async () => {
  api?.stop();
  await new Promise((resolve) => host?.close(resolve));
});

async function open(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 30_000 });
}

async function logIn(page: Page, email: string, password: string) {
  await open(page, `${spa}/auth/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
}

test('the app logs a person in against the API on another origin @js', async ({ page }) => {
  const email = createAccount('consumer');
  const calls: string[] = [];
  page.on('request', (r) => calls.push(r.url()));
  await logIn(page, email, PASSWORD);
  await expect(page).toHaveURL(`${spa}/account`);
  await expect(page.getByText(email)).toBeVisible();
  await expect(page.getByText('API Consumer')).toBeVisible();
  expect(calls).toContain(`http://127.0.0.1:${API_PORT}/api/auth/login`);
  await expect(page).toHaveTitle(/^Your account · /);
});

test('forgot password, the emailed link opens in the app, and the new password works @js', async ({ page }) => {
  const email = createAccount('consumer');
  await open(page, `${spa}/auth/login`);
  await page.getByRole('link', { name: 'Forgot Password?' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('status')).toContainText('If an account exists for that address');

  const link = resetLinkIn(await waitForMail(email, /^Reset your Acme API Portal password$/));
  expect(link.startsWith(`${spa}/auth/reset/code?token=`)).toBe(true);
  await open(page, link);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('heading', { name: 'Your password has been reset' })).toBeVisible();
  await page.getByRole('link', { name: 'Login again' }).click();
  await expect(page).toHaveURL(`${spa}/auth/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Login' }).click();
  await expect(page).toHaveURL(`${spa}/account`);
  await expect(page.getByText(email)).toBeVisible();
});

test('a password that breaks the policy never leaves the browser @js', async ({ page }) => {
  const email = createAccount('consumer');
  await open(page, `${spa}/auth/forgot`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Reset' }).click();
  const link = resetLinkIn(await waitForMail(email, /^Reset your Acme API Portal password$/));
  await open(page, link);
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') sent.push(r.url());
  });
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByLabel('Confirm new password').fill('short');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.locator('#password-error')).toContainText('at least 12 characters');
  await page.waitForTimeout(500);
  expect(sent).toEqual([]);
});

test('the API answers the listed origin and refuses any other @js', async ({ request }) => {
  const apiUrl = `http://127.0.0.1:${API_PORT}`;
  const preflight = await request.fetch(`${apiUrl}/api/auth/login`, {
    method: 'OPTIONS',
    headers: { Origin: spa, 'Access-Control-Request-Method': 'POST' },
  });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()['access-control-allow-origin']).toBe(spa);
  expect(preflight.headers()['access-control-allow-credentials']).toBe('true');

  const stranger = 'http://127.0.0.1:9';
  const refused = await request.fetch(`${apiUrl}/api/auth/login`, {
    method: 'OPTIONS',
    headers: { Origin: stranger, 'Access-Control-Request-Method': 'POST' },
  });
  expect(refused.headers()['access-control-allow-origin']).toBeUndefined();
  const post = await request.post(`${apiUrl}/api/auth/login`, {
    headers: { Origin: stranger },
    form: { email: 'someone@example.com', password: PASSWORD },
  });
  expect(post.status()).toBe(403);
  expect(post.headers()['access-control-allow-origin']).toBeUndefined();
  // Never a wildcard, even for the listed origin's ordinary answers.
  const policy = await request.get(`${apiUrl}/api/auth/policy`, { headers: { Origin: spa } });
  expect(policy.headers()['access-control-allow-origin']).toBe(spa);
});

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  test('the app follows the browser’s language and its switch is remembered @js', async ({ page }) => {
    await open(page, `${spa}/auth/login`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
    await expect(page.getByLabel('E-Mail')).toBeVisible();
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await open(page, `${spa}/auth/forgot`);
    await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  });
});
