// Where you are signed in: every session of the account on /account/security, this browser's
// marked, each other one signed out on its own; and the email for a browser new to the account.
import { expect, test } from './support/fixtures';
import { createAccount, latchkey } from './support/server';
import { mailTo, resetLinkIn, waitForMail } from './support/mail';
import { logIn, open, otherBrowser, signedInElsewhere } from './support/page';

const NEW_SIGN_IN = /^New sign-in to your Acme API Portal account$/;

test('every browser signed in is listed, and one signs another out', async ({ page, browser }, testInfo) => {
  const javaScript = testInfo.project.use.javaScriptEnabled !== false;
  const person = createAccount('consumer');
  await logIn(page, person.email, person.password);
  await expect(page).toHaveURL(/\/account$/);
  const other = await signedInElsewhere(browser, javaScript, person.email, person.password);

  await open(page, '/account/security');
  await expect(page.getByRole('heading', { name: 'Where you are signed in' })).toBeVisible();
  const sessions = page.locator('.session');
  await expect(sessions).toHaveCount(2);
  await expect(sessions.first()).toContainText('This device');
  await expect(sessions.first()).toContainText(/Chrome \d+ on Linux/);
  await expect(sessions.first().getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  await expect(sessions.nth(1)).not.toContainText('This device');
  // The client network, never the address: this test arrives from its own 10.x.y.z.
  await expect(sessions.first()).toContainText(/10\.\d+\.\d+\.0\/24/);

  // In the other browser, its own session is "This device".
  await open(other.page, '/account/security');
  await expect(other.page.locator('.session').first()).toContainText('This device');
  await expect(other.page.locator('.session')).toHaveCount(2);

  await sessions.nth(1).getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('That browser is signed out.')).toBeVisible();
  await expect(page.locator('.session')).toHaveCount(1);
  await expect(page.locator('.session').first()).toContainText('This device');

  // The other browser's next page is the login page, and forward auth refuses it.
  await other.page.goto('/account');
  await expect(other.page).toHaveURL(/\/auth\/login/);
  expect((await other.page.request.get('/api/auth/verify')).status()).toBe(401);
  expect((await page.request.get('/api/auth/verify')).status(), 'this browser stays signed in').toBe(200);
  const ended = latchkey(['audit', '--email', person.email, '--limit', '1']);
  expect(ended).toContain('\tsession_ended\t');
  expect(ended.trim().endsWith(`\tby=${person.email}`), ended).toBe(true);
  await other.context.close();
});

test('a browser new to the account sends one email; the same browser again sends none', async ({ page, browser }, testInfo) => {
  const javaScript = testInfo.project.use.javaScriptEnabled !== false;
  const person = createAccount('consumer');
  await logIn(page, person.email, person.password);
  await expect(page).toHaveURL(/\/account$/);

  // A third browser, new to the account: told once, with where and how to act.
  const fresh = await signedInElsewhere(browser, javaScript, person.email, person.password);
  const mail = await waitForMail(person.email, NEW_SIGN_IN);
  expect(mail.text).toMatch(/When: \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  expect(mail.text).toMatch(/Browser: Chrome \d+ on Linux/);
  expect(mail.text).toMatch(/Network: \d+\.\d+\.\d+\.0\/24/);
  expect(mail.text).toContain('/account/security');
  expect(mail.text).toMatch(/If this was not you, reset your password now at \S+\/auth\/forgot/);

  // The same browsers log in again: they hold the account's device cookie.
  for (const again of [page, fresh.page]) {
    await open(again, '/account');
    await again.getByRole('button', { name: 'Log out' }).click();
    await expect(again).toHaveURL(/\/auth\/login/);
    await logIn(again, person.email, person.password);
    await expect(again).toHaveURL(/\/account$/);
  }
  await fresh.context.close();
  // Mail for the two logins above would be queued by now; give the worker its moment.
  await page.waitForTimeout(1_000);
  expect((await mailTo(person.email)).filter((m) => NEW_SIGN_IN.test(m.subject))).toHaveLength(1);
});

test('the first login after a reset sends no new sign-in email', async ({ page, browser }, testInfo) => {
  const javaScript = testInfo.project.use.javaScriptEnabled !== false;
  const person = createAccount('consumer');
  await logIn(page, person.email, person.password);
  await expect(page).toHaveURL(/\/account$/);

  const phone = await otherBrowser(browser, javaScript);
  await open(phone.page, '/auth/forgot');
  await phone.page.getByLabel('Email').fill(person.email);
  await phone.page.getByRole('button', { name: 'Reset' }).click();
  const link = resetLinkIn(await waitForMail(person.email, /^Reset your Acme API Portal password$/));
  await open(phone.page, link);
  const password = 'a brand new passphrase';
  await phone.page.getByLabel('New password', { exact: true }).fill(password);
  await phone.page.getByLabel('Confirm new password').fill(password);
  await phone.page.getByRole('button', { name: 'Reset' }).click();
  await expect(phone.page.getByRole('link', { name: 'Login again' })).toBeVisible();

  // A browser the account never used, right after the reset: expected, so no email.
  const laptop = await signedInElsewhere(browser, javaScript, person.email, password);
  await waitForMail(person.email, /password was changed/);
  await page.waitForTimeout(1_000);
  expect((await mailTo(person.email)).filter((m) => NEW_SIGN_IN.test(m.subject))).toHaveLength(0);
  await laptop.context.close();
  await phone.context.close();
});
