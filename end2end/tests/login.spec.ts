import { expect, test } from './support/fixtures';
import { createAccount, latchkey } from './support/server';
import { logIn, open, signedInElsewhere, submitLogin } from './support/page';

test('the login page has the fields, the button and the recovery link', async ({ page }) => {
  await open(page, '/auth/login');
  await expect(page.getByLabel('Email')).toHaveAttribute('autocomplete', 'username webauthn');
  await expect(page.getByLabel('Email')).toHaveAttribute('maxlength', '254');
  await expect(page.getByLabel('Password')).toHaveAttribute('autocomplete', 'current-password');
  await expect(page.getByRole('button', { name: 'Login' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Forgot Password?' })).toHaveAttribute('href', '/auth/forgot');
  await expect(page.getByRole('banner')).toContainText('Acme API Portal');
  await expect(page.getByRole('navigation', { name: 'Language' }).getByRole('link')).toHaveText(['Deutsch', 'English']);
  await expect(page).toHaveTitle('Log in · Acme API Portal');
});

test('an API Owner logs in and sees their role', async ({ page }) => {
  const owner = createAccount('owner');
  const login = page.waitForRequest((r) => r.url().endsWith('/api/auth/login') && r.method() === 'POST');
  await logIn(page, owner.email, owner.password);
  // The form is plain HTML either way: only its password field is an island (the Caps Lock
  // hint), so the browser itself sends it, with or without JavaScript.
  expect((await login).resourceType()).toBe('document');
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(owner.email)).toBeVisible();
  await expect(page.getByText('API Owner')).toBeVisible();
});

test('an API Consumer logs in and sees their role', async ({ page }) => {
  const consumer = createAccount('consumer');
  await logIn(page, consumer.email.toUpperCase(), consumer.password);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText('API Consumer')).toBeVisible();
});

test('a wrong password shows one error and keeps the email', async ({ page }) => {
  const owner = createAccount('owner');
  await logIn(page, owner.email, 'not the right password');
  await expect(page.getByRole('alert')).toContainText('Incorrect email or password.');
  await expect(page).toHaveURL(/\/auth\/login/);
  await expect(page.getByLabel('Email')).toHaveValue(owner.email);
  // The typed address never travels in the URL (logs, history, Referer).
  expect(decodeURIComponent(page.url())).not.toContain(owner.email);
  // The same message for an address that has no account.
  // An address of this test's and project's own: every client without the address's device
  // cookie shares one allowance per address, so tests guessing at one address would hold it.
  await logIn(page, `nobody-${test.info().project.name}@example.com`, 'not the right password');
  await expect(page.getByRole('alert')).toContainText('Incorrect email or password.');
});

test('logging out ends the session', async ({ page }) => {
  const owner = createAccount('owner');
  await logIn(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/auth\/login$/);
  await open(page, '/account');
  await expect(page).toHaveURL(/\/auth\/login$/);
  await expect(page.getByRole('button', { name: 'Login' })).toBeVisible();
  // The audit log records the logout (the server function goes through the domain's door).
  const audit = latchkey(['audit', '--email', owner.email]);
  expect(audit.split('\n').filter((line) => line.includes('\tsession_ended\t'))).toHaveLength(1);
});

test('the front door sends people where they belong', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/auth\/login$/);
  const consumer = createAccount('consumer');
  await logIn(page, consumer.email, consumer.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/account$/);
});

test('a login returns only where it may', async ({ page }) => {
  const person = createAccount('consumer');
  // Back to a page of this site…
  await open(page, `/auth/login?return_to=${encodeURIComponent('/auth/forgot')}`);
  await submitLogin(page, person.email, person.password);
  await expect(page).toHaveURL(/\/auth\/forgot$/);
  // …but never to another origin, however it is written: those land on the account page.
  for (const elsewhere of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
    await page.context().clearCookies();
    await open(page, `/auth/login?return_to=${encodeURIComponent(elsewhere)}`);
    await submitLogin(page, person.email, person.password);
    await expect(page, elsewhere).toHaveURL(/\/account$/);
  }
});

test('signing out everywhere ends the sessions of every browser', async ({ page, browser, javaScriptEnabled }) => {
  const person = createAccount('consumer');
  // Another browser of the same person, signed in too.
  const { context: other, page: otherPage } = await signedInElsewhere(browser, javaScriptEnabled, person.email, person.password);

  await logIn(page, person.email, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/auth\/login$/);
  await open(otherPage, '/account');
  await expect(otherPage).toHaveURL(/\/auth\/login$/);
  await other.close();
});
