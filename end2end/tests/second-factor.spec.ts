// Two-step verification as a person meets it: turning an authenticator app on, signing in with
// its code or a recovery code, a reset that never bypasses it, and an API Owner's reset for a
// person who lost it. Codes are computed here from the secret the page shows (`otpauth`).
import { expect, test } from './support/fixtures';
import type { Page } from '@playwright/test';
import { createAccount } from './support/server';
import { logIn, open, otherBrowser, submitLogin } from './support/page';
import { resetLinkIn, waitForMail } from './support/mail';
import { code, turnOnApp } from './support/second-factor';

async function logOut(page: Page) {
  await open(page, '/account');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/auth\/login$/);
}

async function verifyWith(page: Page, value: string) {
  await page.getByLabel('Code', { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Verify' }).click();
}

test('a person turns on an authenticator app and signs in with its code', async ({ page }) => {
  const person = createAccount('consumer');
  await logIn(page, person.email, person.password);
  await page.getByRole('link', { name: 'Sign-in and security' }).click();
  await expect(page).toHaveTitle('Sign-in and security · Acme API Portal');
  await expect(page.getByText('Two-step verification is off')).toBeVisible();

  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await expect(page).toHaveTitle('Set up authenticator app · Acme API Portal');
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' }).locator('svg')).toBeVisible();
  const secret = (await page.getByText(/^[A-Z2-7]{32}$/).textContent())!;
  await expect(page.getByRole('link', { name: /^otpauth:\/\/totp\// })).toHaveAttribute('href', new RegExp(`secret=${secret}`));
  // A wrong code: the same secret again, and the field says what is wrong.
  await page.getByLabel('Code', { exact: true }).fill('000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByText('That code is not right').first()).toBeVisible();
  await expect(page.getByText(secret, { exact: true })).toBeVisible();
  await page.getByLabel('Code', { exact: true }).fill(code(secret, 1));
  await page.getByRole('button', { name: 'Turn on' }).click();

  await expect(page).toHaveURL(/\/account\/security\/codes$/);
  const codes = page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  await expect(page.getByRole('link', { name: 'Download' })).toHaveAttribute('download', 'recovery-codes.txt');
  await page.reload();
  await expect(page.getByText('cannot be shown again')).toBeVisible();
  await waitForMail(person.email, /^Two-step verification was turned on for your Acme API Portal account$/);

  // The password alone signs nobody in now.
  await logOut(page);
  await submitLogin(page, person.email, person.password);
  await expect(page).toHaveURL(/\/auth\/login\/verify$/);
  await expect(page).toHaveTitle('Two-step verification · Acme API Portal');
  await open(page, '/account');
  await expect(page).toHaveURL(/\/auth\/login$/);
  await open(page, '/auth/login/verify');
  await verifyWith(page, '123456');
  await expect(page.getByText('That code is not right').first()).toBeVisible();
  await verifyWith(page, code(secret));
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(person.email)).toBeVisible();
});

test('a recovery code signs in once, and the person is told how many are left', async ({ page }) => {
  const person = createAccount('consumer');
  await logIn(page, person.email, person.password);
  const { codes } = await turnOnApp(page);
  await logOut(page);
  await submitLogin(page, person.email, person.password);
  await verifyWith(page, codes[0]);
  await expect(page).toHaveURL(/\/account$/);
  const mail = await waitForMail(person.email, /^A recovery code was used for your Acme API Portal account$/);
  expect(mail.text).toContain('9 recovery codes are left');
  await logOut(page);
  await submitLogin(page, person.email, person.password);
  await verifyWith(page, codes[0]);
  await expect(page.getByText('That code is not right').first()).toBeVisible();
});

test('a reset sets the password and the next login still asks for the code', async ({ page }) => {
  const person = createAccount('consumer');
  await logIn(page, person.email, person.password);
  const { secret } = await turnOnApp(page);
  await logOut(page);
  await open(page, '/auth/forgot');
  await page.getByLabel('Email').fill(person.email);
  await page.getByRole('button', { name: 'Reset' }).click();
  const link = resetLinkIn(await waitForMail(person.email, /^Reset your Acme API Portal password$/));
  const password = 'a brand new passphrase';
  await open(page, link);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Confirm new password').fill(password);
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('link', { name: 'Login again' }).click();
  await submitLogin(page, person.email, password);
  await expect(page).toHaveURL(/\/auth\/login\/verify$/);
  await verifyWith(page, code(secret));
  await expect(page).toHaveURL(/\/account$/);
});

test('an API Owner resets two-step verification for a person who lost their phone', async ({ page, browser }) => {
  const person = createAccount('consumer');
  await logIn(page, person.email, person.password);
  await turnOnApp(page);
  await logOut(page);

  const owner = createAccount('owner');
  const { context, page: admin } = await otherBrowser(browser, test.info().project.use.javaScriptEnabled !== false);
  await logIn(admin, owner.email, owner.password);
  await open(admin, `/admin/users?q=${encodeURIComponent(person.email)}`);
  await admin.getByRole('button', { name: `Reset two-step verification ${person.email}` }).click();
  await expect(admin.getByRole('status')).toContainText('Two-step verification was reset');
  await context.close();
  await waitForMail(person.email, /^Two-step verification was turned off for your Acme API Portal account$/);

  await submitLogin(page, person.email, person.password);
  await expect(page).toHaveURL(/\/account$/);
});
