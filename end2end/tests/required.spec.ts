// LATCHKEY_REQUIRE_SECOND_FACTOR=owners on a server of its own: an API Owner without an
// authenticator app reaches nothing but /account/security until one is on; an API Consumer is
// not asked for one. Sign-up is off there, as by default.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { TOTP } from 'otpauth';
import { expect, test } from './support/fixtures';
import { LatchkeyProcess } from './support/processes';
import { submitLogin } from './support/page';

const root = path.resolve(__dirname, '../..');
// Each project (JavaScript off, on) runs this file in its own worker: its own port and folder.
const project = process.env.TEST_PARALLEL_INDEX ?? '0';
const work = path.join(root, 'target', `e2e-required-${project}`);
const env = {
  WORK_DIR: path.join(work, 'latchkey'),
  LATCHKEY_DATABASE_URL: `sqlite://${work}/latchkey/required.db?mode=rwc`,
  LATCHKEY_MAIL_DIR: path.join(work, 'mail'),
  LATCHKEY_SITE_ROOT: path.join(root, 'target', 'site'),
  LATCHKEY_REQUIRE_SECOND_FACTOR: 'owners',
};
const PASSWORD = 'correct horse battery staple';

let server: LatchkeyProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(env.WORK_DIR, { recursive: true });
  for (const [email, role] of [
    ['owner@example.com', 'owner'],
    ['dev@example.com', 'consumer'],
  ]) {
    execFileSync(path.join(root, 'target/release/latchkey'), ['user', 'add', '--email', email, '--role', role, '--password-stdin'], {
      env: { ...process.env, ...env, LATCHKEY_LOG: 'warn' },
      input: `${PASSWORD}\n`,
      cwd: env.WORK_DIR,
    });
  }
  server = new LatchkeyProcess(3195 + Number(project), env);
  await server.start();
});

test.afterAll(() => server?.stop());

test('an API Owner without an app reaches only the security page until one is on', async ({ page }) => {
  await page.goto(`${server.url}/auth/login`);
  await submitLogin(page, 'owner@example.com', PASSWORD);
  await expect(page).toHaveURL(`${server.url}/account/security`);
  await expect(page.getByText('This portal asks you to turn on two-step verification')).toBeVisible();
  for (const elsewhere of ['/', '/account', '/account/password', '/admin/users']) {
    await page.goto(`${server.url}${elsewhere}`);
    await expect(page).toHaveURL(`${server.url}/account/security`);
  }
  expect((await page.request.get(`${server.url}/api/auth/verify`)).status(), 'forward auth').toBe(401);

  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await expect(page).toHaveURL(/\/account\/security\/app\?setup=/);
  const secret = (await page.getByText(/^[A-Z2-7]{32}$/).textContent())!;
  await page.getByLabel('Code', { exact: true }).fill(new TOTP({ secret }).generate());
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page).toHaveURL(/\/account\/security\/codes$/);
  await page.goto(`${server.url}/admin/users`);
  await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
  expect((await page.request.get(`${server.url}/api/auth/verify`)).status(), 'forward auth').toBe(200);
});

test('an API Consumer is not asked for a second factor', async ({ page }) => {
  await page.goto(`${server.url}/auth/login`);
  await submitLogin(page, 'dev@example.com', PASSWORD);
  await expect(page).toHaveURL(`${server.url}/account`);
  expect((await page.request.get(`${server.url}/api/auth/verify`)).status()).toBe(200);
});

test('with sign-up off there is no link to it, and its page and API are not found', async ({ page }) => {
  await page.goto(`${server.url}/auth/login`);
  await expect(page.getByRole('link', { name: 'Forgot Password?' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Create an account' })).toHaveCount(0);
  expect((await page.request.get(`${server.url}/auth/signup`)).status()).toBe(404);
  const api = await page.request.post(`${server.url}/api/auth/signup`, {
    form: { email: 'someone@example.com', password: PASSWORD, confirm: PASSWORD },
    headers: { Accept: 'application/json' },
  });
  expect(api.status()).toBe(404);
});
