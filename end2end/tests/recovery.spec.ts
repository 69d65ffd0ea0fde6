import { expect, test } from './support/fixtures';
import type { Page } from '@playwright/test';
import { createAccount, latchkey } from './support/server';
import { logIn, open } from './support/page';
import { mailTo, resetLinkIn, waitForMail } from './support/mail';

const NEW_PASSWORD = 'a brand new passphrase';
const CONFIRMATION = /If an account exists for that address, we have sent it an email/;

async function requestReset(page: Page, email: string) {
  await open(page, '/auth/forgot');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('status')).toHaveText(CONFIRMATION);
}

async function chooseNewPassword(page: Page, link: string, password: string, confirm = password) {
  await open(page, link);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Confirm new password').fill(confirm);
  await page.getByRole('button', { name: 'Reset' }).click();
}

test('a person who forgot their password gets back in through the emailed link', async ({ page }) => {
  const person = createAccount('consumer');

  // 1. The login page's "Forgot Password?" leads to the form.
  await open(page, '/auth/login');
  await page.getByRole('link', { name: 'Forgot Password?' }).click();
  await expect(page).toHaveURL(/\/auth\/forgot$/);

  // 2–3. Email, Reset, and the confirmation.
  await page.getByLabel('Email').fill(person.email);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('status')).toHaveText(CONFIRMATION);

  // 4. The email, with the link and how long it is valid.
  const mail = await waitForMail(person.email, /^Reset your Acme API Portal password$/);
  expect(mail.from[0].address).toBe('portal@acme.example');
  expect(mail.text).toContain('60 minutes');
  expect(mail.html).toContain('/auth/reset/code?token=');
  const link = resetLinkIn(mail);
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\/reset\/code\?token=[A-Za-z0-9_-]{43}$/);

  // 5. The link's page: two fields and Reset.
  await chooseNewPassword(page, link, NEW_PASSWORD);

  // 6. Success, and "Login again" back to the login page: nobody is signed in.
  await expect(page.getByRole('heading', { name: 'Your password has been reset' })).toBeVisible();
  await page.getByRole('link', { name: 'Login again' }).click();
  await expect(page).toHaveURL(/\/auth\/login$/);
  await open(page, '/account');
  await expect(page).toHaveURL(/\/auth\/login$/);

  // The old password no longer works; the new one does.
  await logIn(page, person.email, person.password);
  await expect(page.getByRole('alert')).toContainText('Incorrect email or password.');
  await logIn(page, person.email, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText('API Consumer')).toBeVisible();

  // And the "password changed" email arrives.
  const changed = await waitForMail(person.email, /^Your Acme API Portal password was changed$/);
  expect(changed.text).toContain('/auth/login');
});

test('unknown addresses get the same confirmation and no email', async ({ page }) => {
  const unknown = `nobody-${Date.now()}@example.com`;
  await requestReset(page, unknown);
  // A known address asked for afterwards is delivered, so the unknown one would have been too.
  const known = createAccount('owner');
  await requestReset(page, known.email);
  await waitForMail(known.email, /^Reset your/);
  expect(await mailTo(unknown)).toHaveLength(0);
});

test('a used link shows that it is invalid and offers a new one', async ({ page }) => {
  const person = createAccount('owner');
  await requestReset(page, person.email);
  const link = resetLinkIn(await waitForMail(person.email, /^Reset your/));
  await chooseNewPassword(page, link, NEW_PASSWORD);
  await expect(page.getByRole('heading', { name: 'Your password has been reset' })).toBeVisible();

  await open(page, link);
  await expect(page.getByRole('heading', { name: 'This link is invalid or has expired' })).toBeVisible();
  await page.getByRole('link', { name: 'Request a new link' }).click();
  await expect(page).toHaveURL(/\/auth\/forgot$/);
});

test('an expired link shows that it has expired', async ({ page }) => {
  const person = createAccount('consumer');
  // An administrator's link with a one-second lifetime.
  const link = latchkey(['user', 'reset-link', '--email', person.email], undefined, { LATCHKEY_RESET_TTL: '1' }).trim();
  await page.waitForTimeout(1500);
  await open(page, link);
  await expect(page.getByRole('heading', { name: 'This link is invalid or has expired' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Request a new link' })).toHaveAttribute('href', '/auth/forgot');
  await expect(page.getByLabel('New password', { exact: true })).toHaveCount(0);
});

test('a bogus link is refused the same way', async ({ page }) => {
  await open(page, '/auth/reset/code?token=not-a-real-token');
  await expect(page.getByRole('heading', { name: 'This link is invalid or has expired' })).toBeVisible();
});

test('the new password must meet the policy and match', async ({ page }) => {
  const person = createAccount('owner');
  const link = latchkey(['user', 'reset-link', '--email', person.email]).trim();

  await chooseNewPassword(page, link, 'short');
  const password = page.getByLabel('New password', { exact: true });
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#password-error')).toHaveText('Use at least 12 characters.');

  await chooseNewPassword(page, link, NEW_PASSWORD, 'a different passphrase');
  await expect(page.getByLabel('Confirm new password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#confirm-error')).toHaveText('The two passwords do not match.');

  // The link survived both refusals.
  await chooseNewPassword(page, link, NEW_PASSWORD);
  await expect(page.getByRole('heading', { name: 'Your password has been reset' })).toBeVisible();
});

test('the reset page keeps its token out of Referer headers and caches @http', async ({ request }) => {
  const person = createAccount('owner');
  const link = latchkey(['user', 'reset-link', '--email', person.email]).trim();
  const response = await request.get(link);
  expect(response.status()).toBe(200);
  expect(response.headers()['referrer-policy']).toBe('no-referrer');
  expect(response.headers()['cache-control']).toBe('no-store');
});

test('twenty simultaneous redeems of one link change the password once @http', async ({ request }) => {
  const person = createAccount('owner');
  const token = new URL(latchkey(['user', 'reset-link', '--email', person.email]).trim()).searchParams.get('token')!;
  const attempts = Array.from({ length: 20 }, (_, i) =>
    request.post('/api/auth/reset', {
      form: { token, password: `new passphrase number ${i}`, confirm: `new passphrase number ${i}` },
    }),
  );
  const statuses = (await Promise.all(attempts)).map((r) => r.status()).sort();
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  // The rest find the link used (410), or, a burst bigger than the bounded hashing queue, are
  // told to come back in a moment (503): never a second change.
  expect(statuses.filter((s) => s === 410 || s === 503)).toHaveLength(19);
  await waitForMail(person.email, /password was changed$/);
  // Once the outbox has nothing left for this person, no further email can come: then count.
  const unsent = () =>
    latchkey(['mail', 'list', '--limit', '1000'])
      .split('\n')
      .filter((line) => line.includes(`\t${person.email}\t`) && !line.includes('\tsent ')).length;
  await expect.poll(unsent).toBe(0);
  expect((await mailTo(person.email)).filter((m) => /password was changed$/.test(m.subject))).toHaveLength(1);
});

test('the confirmation repeats the address typed, known or not', async ({ page }) => {
  for (const email of [createAccount('consumer').email, 'nobody-at-all@example.com']) {
    await open(page, '/auth/forgot');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(page.getByRole('status')).toHaveText(new RegExp(`^${email.replace(/[.]/g, '\\.')}: If an account exists`));
    expect(decodeURIComponent(page.url())).not.toContain(email);
  }
});
