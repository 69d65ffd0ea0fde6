// axe on every page and on the error states people meet, with JavaScript off and on, in the
// light and the dark theme, in English and in German: no violations of WCAG 2.1 A/AA rules.
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { createAccount, latchkey } from './support/server';
import { logIn, open } from './support/page';
import { expectAccessible } from './support/a11y';
import { TOTP } from 'otpauth';

test('the signed-out pages and their error states', async ({ page }) => {
  // Nine pages in two themes, each checked in a copy of its own without JavaScript: more than
  // the default 30 s when the suite runs alongside on two cores. So for each test here.
  test.slow();
  await open(page, '/auth/login');
  await expectAccessible(page, 'login');
  await page.getByLabel('Email').fill('nobody-signed-out@example.com');
  await page.getByLabel('Password').fill('not the right password');
  await page.getByRole('button', { name: 'Login' }).click();
  await expect(page.getByRole('alert')).toContainText('Incorrect email or password.');
  await expectAccessible(page, 'login, failed');

  await open(page, '/auth/forgot');
  await expectAccessible(page, 'forgot');
  await page.getByLabel('Email').fill('nobody-here@example.com');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('status')).toContainText('If an account exists');
  await expectAccessible(page, 'forgot, sent');

  const person = createAccount('consumer');
  const link = latchkey(['user', 'reset-link', '--email', person.email]).trim();
  await open(page, link);
  await expectAccessible(page, 'reset');
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByLabel('Confirm new password').fill('other');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.locator('#password-error')).not.toBeEmpty();
  await expectAccessible(page, 'reset, refused');
  await open(page, '/auth/reset/code?token=not-a-token');
  await expectAccessible(page, 'reset, invalid link');
  await open(page, '/auth/reset/done');
  await expectAccessible(page, 'reset done');
  await open(page, '/no/such/page');
  await expectAccessible(page, 'not found');
});

test('the sign-up pages and their error states', async ({ page }) => {
  test.slow();
  await open(page, '/auth/signup');
  await expectAccessible(page, 'sign-up');
  await page.getByLabel('Email').fill(`a11y-${Date.now()}@example.com`);
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Confirm password').fill('other');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('#password-error')).not.toBeEmpty();
  await expectAccessible(page, 'sign-up, refused');
  await page.getByLabel('Password', { exact: true }).fill('a brand new passphrase');
  await page.getByLabel('Confirm password').fill('a brand new passphrase');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await expectAccessible(page, 'sign-up, sent');
  await open(page, '/auth/confirm?token=not-a-token');
  await expectAccessible(page, 'confirm, invalid link');
  await open(page, '/auth/confirm/done');
  await expectAccessible(page, 'confirm done');
});

test('the account pages', async ({ page }) => {
  test.slow();
  const person = createAccount('consumer');
  await logIn(page, person.email, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await expectAccessible(page, 'account');
  await open(page, '/account/password');
  await expectAccessible(page, 'change password');
  await page.getByLabel('Current password').fill('not my password at all');
  await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
  await page.getByLabel('Confirm new password').fill('a brand new passphrase');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#current-error')).not.toBeEmpty();
  await expectAccessible(page, 'change password, wrong current password');
  await open(page, '/admin/users');
  await expectAccessible(page, 'admin as an API Consumer (refused)');
});

test('the two-step verification pages', async ({ page }) => {
  test.slow();
  const person = createAccount('consumer');
  await logIn(page, person.email, person.password);
  await open(page, '/account/security');
  await expectAccessible(page, 'security');
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await expect(page).toHaveURL(/\/account\/security\/app\?setup=/);
  await expectAccessible(page, 'authenticator setup');
  await page.getByLabel('Code', { exact: true }).fill('000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.locator('#code-error')).not.toBeEmpty();
  await expectAccessible(page, 'authenticator setup, wrong code');
  const secret = (await page.getByText(/^[A-Z2-7]{32}$/).textContent())!;
  await page.getByLabel('Code', { exact: true }).fill(new TOTP({ secret }).generate());
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page).toHaveURL(/\/account\/security\/codes$/);
  await expectAccessible(page, 'recovery codes');
  await open(page, '/account/security');
  await expectAccessible(page, 'security, app on');
  await page.context().clearCookies();
  await logIn(page, person.email, person.password);
  await expect(page).toHaveURL(/\/auth\/login\/verify$/);
  await expectAccessible(page, 'two-step verification');
  await page.getByLabel('Code', { exact: true }).fill('not-a-code');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('#code-error')).not.toBeEmpty();
  await expectAccessible(page, 'two-step verification, wrong code');
});

test('the administration pages', async ({ page }) => {
  test.slow();
  const owner = createAccount('owner');
  const person = createAccount('consumer');
  await logIn(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/account$/);
  await open(page, `/admin/users?q=${encodeURIComponent(person.email)}`);
  await expectAccessible(page, 'accounts');
  await page.getByLabel('Email', { exact: true }).fill(person.email);
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(page.locator('#email-error')).not.toBeEmpty();
  await expectAccessible(page, 'accounts, invitation refused');
  await open(page, `/admin/users/delete?email=${encodeURIComponent(person.email)}`);
  await expectAccessible(page, 'delete confirmation');
  await open(page, '/admin/audit');
  await expectAccessible(page, 'audit log');
  await open(page, '/admin/apps');
  await expectAccessible(page, 'applications');
  await page.getByLabel('Name', { exact: true }).fill('Not an app');
  await page.getByLabel('Redirect URIs', { exact: true }).fill('http://not-local.example/cb');
  await page.getByRole('button', { name: 'Add application' }).click();
  await expect(page.locator('#redirect_uris-error')).not.toBeEmpty();
  await expectAccessible(page, 'applications, refused');
});

test('a dark system theme, and pages carrying a notice', async ({ page }) => {
  test.slow();
  await page.emulateMedia({ colorScheme: 'dark' });
  await open(page, '/auth/login');
  await page.getByLabel('Email').fill('nobody-dark@example.com');
  await page.getByLabel('Password').fill('not the right password');
  await page.getByRole('button', { name: 'Login' }).click();
  await expect(page.getByRole('alert')).toContainText('Incorrect email or password.');
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(background, 'a dark page').toBe('rgb(13, 17, 23)');
  const owner = createAccount('owner');
  await logIn(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/account$/);
  await open(page, '/account?changed=name');
  await expectAccessible(page, 'account with a notice');
  await open(page, `/admin/users?q=${encodeURIComponent(owner.email)}&done=disable`);
  await expectAccessible(page, 'accounts with a notice');
});

/** The German login form, filled in and sent. */
async function anmelden(page: Page, email: string, password: string) {
  await open(page, '/auth/login');
  await page.getByLabel('E-Mail').fill(email);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
}

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  test('the signed-out pages, their errors and the account pages, light and dark', async ({ page }) => {
    test.slow();
    await anmelden(page, 'niemand@example.com', 'nicht das richtige Passwort');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('alert')).toContainText('E-Mail oder Passwort ist falsch.');
    await expectAccessible(page, 'login, failed, German');

    await open(page, '/auth/forgot');
    await expectAccessible(page, 'forgot, German');
    const person = createAccount('owner');
    await open(page, latchkey(['user', 'reset-link', '--email', person.email]).trim());
    await page.getByLabel('Neues Passwort', { exact: true }).fill('kurz');
    await page.getByLabel('Neues Passwort bestätigen').fill('anders');
    await page.getByRole('button', { name: 'Zurücksetzen' }).click();
    await expect(page.locator('#password-error')).toContainText('Verwenden Sie mindestens 12 Zeichen.');
    await expectAccessible(page, 'reset, refused, German');
    await open(page, '/auth/reset/code?token=not-a-token');
    await expectAccessible(page, 'reset, invalid link, German');

    await anmelden(page, person.email, person.password);
    await expect(page).toHaveURL(/\/account$/);
    await expectAccessible(page, 'account, German');
    await open(page, `/admin/users?q=${encodeURIComponent(person.email)}`);
    await expectAccessible(page, 'accounts, German');
  });

  test('the other pages and states', async ({ page }) => {
    test.slow();
    await open(page, '/auth/forgot');
    await page.getByLabel('E-Mail').fill('niemand@example.com');
    await page.getByRole('button', { name: 'Zurücksetzen' }).click();
    await expect(page.getByRole('status')).toContainText('Falls ein Konto');
    await expectAccessible(page, 'forgot, sent, German');
    await open(page, '/auth/reset/done');
    await expectAccessible(page, 'reset done, German');
    await open(page, '/no/such/page');
    await expectAccessible(page, 'not found, German');

    const owner = createAccount('owner');
    const person = createAccount('consumer');
    await anmelden(page, owner.email, owner.password);
    await expect(page).toHaveURL(/\/account$/);
    await open(page, '/account/password');
    await page.getByLabel('Aktuelles Passwort').fill('nicht mein Passwort');
    await page.getByLabel('Neues Passwort', { exact: true }).fill('eine ganz neue Passphrase');
    await page.getByLabel('Neues Passwort bestätigen').fill('eine ganz neue Passphrase');
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await expect(page.locator('#current-error')).toContainText('Das ist nicht Ihr aktuelles Passwort.');
    await expectAccessible(page, 'change password, wrong current password, German');
    await open(page, `/admin/users/delete?email=${encodeURIComponent(person.email)}`);
    await expectAccessible(page, 'delete confirmation, German');
    await open(page, '/admin/audit');
    await expectAccessible(page, 'audit log, German');
    await open(page, '/admin/apps');
    await expect(page.getByRole('heading', { name: 'Anwendungen', exact: true })).toBeVisible();
    await expectAccessible(page, 'applications, German');
  });
});
