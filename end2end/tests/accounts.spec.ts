// What a signed-in person does on their own account: change the password, change the name.
import { expect, test } from './support/fixtures';
import { createAccount } from './support/server';
import { logIn, open, signedInElsewhere, submitLogin } from './support/page';
import { waitForMail } from './support/mail';

const NEW_PASSWORD = 'a brand new passphrase';

test('changing the password keeps this browser signed in and ends every other session', async ({
  page,
  browser,
  javaScriptEnabled,
}) => {
  const person = createAccount('consumer');
  const { context: other, page: otherPage } = await signedInElsewhere(browser, javaScriptEnabled, person.email, person.password);

  await logIn(page, person.email, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole('link', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByLabel('Current password')).toHaveAttribute('autocomplete', 'current-password');
  await expect(page.getByLabel('New password', { exact: true })).toHaveAttribute('autocomplete', 'new-password');

  // A wrong current password: an error on that field, nothing changed.
  await page.getByLabel('Current password').fill('not my password at all');
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#current-error')).toHaveText('That is not your current password.');
  // The error summary at the top links to the field.
  const summary = page.locator('.form-alert').getByRole('link', { name: 'That is not your current password.' });
  await expect(summary).toHaveAttribute('href', '#current');

  // The right one: confirmation, still signed in here, signed out elsewhere.
  await page.getByLabel('Current password').fill(person.password);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/account\?changed=password$/);
  await expect(page.getByRole('status')).toContainText('Your password has been changed.');
  await open(page, '/account');
  await expect(page.getByText(person.email)).toBeVisible();
  await open(otherPage, '/account');
  await expect(otherPage).toHaveURL(/\/auth\/login$/);
  await other.close();

  const mail = await waitForMail(person.email, /^Your Acme API Portal password was changed$/);
  expect(mail.text).toContain('/auth/forgot');
  await page.context().clearCookies();
  await logIn(page, person.email, person.password);
  await expect(page.getByRole('alert')).toContainText('Incorrect email or password.');
  await logIn(page, person.email, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
});

test('the change-password page checks the new password like the reset page', async ({ page }) => {
  const person = createAccount('consumer');
  await logIn(page, person.email, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await open(page, '/account/password');
  await page.getByLabel('Current password').fill(person.password);
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByLabel('Confirm new password').fill('short');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#password-error')).toContainText('at least 12 characters');
  await expect(page).toHaveURL(/\/account\/password/);
  // Still the old password.
  await page.context().clearCookies();
  await logIn(page, person.email, person.password);
  await expect(page).toHaveURL(/\/account$/);
});

test('signed out, the change-password page leads to the login and back', async ({ page }) => {
  const person = createAccount('consumer');
  await page.goto('/account/password');
  await expect(page).toHaveURL(/\/auth\/login\?return_to=%2Faccount%2Fpassword$/);
  await submitLogin(page, person.email, person.password);
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByLabel('Current password')).toBeVisible();
});

test('people change their display name', async ({ page }) => {
  const person = createAccount('consumer');
  await logIn(page, person.email, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('status')).toContainText('Your name has been saved.');
  await expect(page.locator('.details')).toContainText('Ada Lovelace');
  await page.getByLabel('Name', { exact: true }).fill('x'.repeat(101));
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.locator('#name-error')).toHaveText('A name can be at most 100 characters long.');
});

test('a password field says when Caps Lock is on @js', async ({ page }) => {
  await open(page, '/auth/login');
  const password = page.getByLabel('Password');
  await expect(page.locator('.caps-hint')).toBeEmpty();
  // Headless Chromium keeps no Caps Lock state of its own: the key event says it is on.
  await password.dispatchEvent('keyup', { key: 'A', modifierCapsLock: true });
  await expect(page.locator('.caps-hint')).toHaveText('Caps Lock is on.');
  await password.dispatchEvent('keyup', { key: 'a', modifierCapsLock: false });
  await expect(page.locator('.caps-hint')).toBeEmpty();
});
