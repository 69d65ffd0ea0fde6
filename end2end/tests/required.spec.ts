// LATCHKEY_REQUIRE_SECOND_FACTOR=owners on a server of its own: an API Owner without an
// authenticator app reaches nothing but /account/security until one is on; an API Consumer is
// not asked for one. Sign-up is off there, as by default.
import { TOTP } from 'otpauth';
import { expect, test } from './support/fixtures';
import { OwnServer } from './support/processes';
import { submitLogin } from './support/page';

const PASSWORD = 'correct horse battery staple';

let server: OwnServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = new OwnServer('required', 3195, { LATCHKEY_MAIL_DIR: 'mail', LATCHKEY_REQUIRE_SECOND_FACTOR: 'owners' });
  server.addUser('owner@example.com', 'owner', PASSWORD);
  server.addUser('dev@example.com', 'consumer', PASSWORD);
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
