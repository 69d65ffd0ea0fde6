// A login that returns to a portal on another origin (LATCHKEY_RETURN_ORIGINS), in a real
// browser: Chromium holds the redirect a form's POST is answered with to the page's
// `form-action`, so the login page must allow that origin there. The portal is a real listener
// on a port of its own, not a stubbed route.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { LatchkeyProcess } from './support/processes';
import { submitLogin } from './support/page';

const LATCHKEY = 3171;
const PORTAL = 3172;
const portalOrigin = `http://127.0.0.1:${PORTAL}`;
const work = path.resolve(__dirname, '../../target/e2e-return');
const person = { email: 'dev@return.example', password: 'correct horse battery staple' };
const server = new LatchkeyProcess(LATCHKEY, {
  WORK_DIR: work,
  LATCHKEY_DATABASE_URL: `sqlite://${work}/return.db?mode=rwc`,
  LATCHKEY_MAIL_DIR: path.join(work, 'mail'),
  LATCHKEY_RETURN_ORIGINS: portalOrigin,
  LATCHKEY_SITE_ROOT: path.resolve(__dirname, '../../target/site'),
});
let portal: http.Server;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  execFileSync('rm', ['-rf', work]);
  execFileSync('mkdir', ['-p', work]);
  execFileSync(path.resolve(__dirname, '../../target/release/latchkey'), ['user', 'add', '--email', person.email, '--role', 'consumer', '--password-stdin'], {
    env: { ...process.env, ...server.env, LATCHKEY_LOG: 'warn' },
    input: `${person.password}\n`,
    cwd: work,
  });
  portal = http.createServer((_, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!DOCTYPE html><title>Portal</title><h1>Welcome to the portal</h1>');
  });
  await new Promise<void>((resolve) => portal.listen(PORTAL, '127.0.0.1', resolve));
  await server.start();
});

test.afterAll(async () => {
  server.stop();
  await new Promise((resolve) => portal.close(resolve));
});

test('a login leads to the portal on its own origin', async ({ page }) => {
  const back = `${portalOrigin}/docs/welcome`;
  await page.goto(`${server.url}/auth/login?return_to=${encodeURIComponent(back)}`);
  const policy = (await page.request.get(`${server.url}/auth/login`)).headers()['content-security-policy'];
  expect(policy).toContain(`form-action 'self' ${portalOrigin}`);
  await submitLogin(page, person.email, person.password);
  await expect(page).toHaveURL(back);
  await expect(page.getByRole('heading', { name: 'Welcome to the portal' })).toBeVisible();
});

test('an origin that is not listed leads to the account page instead', async ({ page }) => {
  await page.goto(`${server.url}/auth/login?return_to=${encodeURIComponent('http://localhost:9/elsewhere')}`);
  await submitLogin(page, person.email, person.password);
  await expect(page).toHaveURL(`${server.url}/account`);
});
