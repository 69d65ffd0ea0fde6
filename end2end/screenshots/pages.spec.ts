import { expect, request, test } from '@playwright/test';
import { TOTP } from 'otpauth';
import { createAccount, latchkey } from '../tests/support/server';
import { logIn, open } from '../tests/support/page';
import { IPHONE, shoot } from './shoot';

test('every page', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page, '/auth/login');
  await shoot(page, 'login');
  await open(page, '/auth/forgot');
  await shoot(page, 'forgot');
  await open(page, '/auth/signup');
  await shoot(page, 'signup');
  const owner = createAccount('owner');
  latchkey(['user', 'add', '--email', 'grace@example.com', '--role', 'consumer', '--name', 'Grace Hopper']);
  await open(page, latchkey(['user', 'reset-link', '--email', owner.email]).trim());
  await shoot(page, 'reset');
  await open(page, '/auth/reset/done');
  await shoot(page, 'reset-done');
  await logIn(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/account$/);
  await shoot(page, 'account');
  await open(page, '/account/password');
  await shoot(page, 'change-password');
  await open(page, '/admin/users?q=example.com');
  await shoot(page, 'admin-users');
  await open(page, '/admin/audit');
  await shoot(page, 'admin-audit');
  // Signed in on a phone too, so that the list of sessions has one to sign out.
  const phone = await request.newContext({
    baseURL: test.info().project.use.baseURL,
    userAgent: IPHONE,
    extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.23' },
  });
  expect((await phone.post('/api/auth/login', { form: owner })).status()).toBe(200);
  await open(page, '/account/security');
  await shoot(page, 'security');
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await expect(page).toHaveURL(/\/account\/security\/app\?setup=/);
  await shoot(page, 'app-setup');
  const secret = (await page.getByText(/^[A-Z2-7]{32}$/).textContent())!;
  // The previous step's code (one step of drift is accepted), leaving this step's for the login.
  await page.getByLabel('Code', { exact: true }).fill(new TOTP({ secret }).generate({ timestamp: Date.now() - 30_000 }));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page).toHaveURL(/\/account\/security\/codes$/);
  await shoot(page, 'recovery-codes');
  await page.context().clearCookies();
  await logIn(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/auth\/login\/verify$/);
  await shoot(page, 'verify');
});

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  test('the signed-out pages', async ({ page }) => {
    test.setTimeout(60_000);
    await open(page, '/auth/login');
    await shoot(page, 'de-login');
    await open(page, '/auth/forgot');
    await shoot(page, 'de-forgot');
    const person = createAccount('consumer');
    await open(page, latchkey(['user', 'reset-link', '--email', person.email]).trim());
    await shoot(page, 'de-reset');
  });
});
