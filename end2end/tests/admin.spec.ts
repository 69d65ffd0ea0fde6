// What API Owners do in the browser: list, search and page accounts; invite; disable, enable,
// change role, send a reset link, delete; read the audit log. Consumers are kept out.
import { expect, test } from './support/fixtures';
import type { Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { createAccount, latchkey } from './support/server';
import { logIn, open, otherBrowser, submitLogin } from './support/page';
import { resetLinkIn, waitForMail } from './support/mail';

const NEW_PASSWORD = 'a brand new passphrase';

async function asOwner(page: Page) {
  const owner = createAccount('owner');
  await logIn(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/account$/);
  return owner;
}

/** The accounts page showing `email`'s row. */
async function findRow(page: Page, email: string) {
  await open(page, `/admin/users?q=${encodeURIComponent(email)}`);
  return page.getByRole('row').filter({ hasText: email });
}

test('only API Owners reach the administration pages', async ({ page, request }) => {
  // Signed out: the login page, returning here afterwards.
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/auth\/login\?return_to=%2Fadmin%2Fusers$/);
  const owner = createAccount('owner');
  await submitLogin(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
  await expect(page).toHaveTitle(/^Accounts · /);

  // An API Consumer: 403 on the pages and on the API.
  await page.context().clearCookies();
  const consumer = createAccount('consumer');
  await logIn(page, consumer.email, consumer.password);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('link', { name: 'Manage accounts' })).toHaveCount(0);
  for (const path of ['/admin/users', '/admin/audit', '/admin/apps']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole('alert')).toHaveText('Only API Owners can see this page.');
  }
  const cookies = await page.context().cookies();
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const post = await request.post('/api/admin/account', {
    headers: { cookie },
    form: { email: owner.email, action: 'disable' },
  });
  expect(post.status()).toBe(403);
  expect(await post.json()).toEqual({ error: 'forbidden' });
  const list = await request.get('/api/admin/users', { headers: { cookie } });
  expect(list.status()).toBe(403);
  expect((await request.get('/api/admin/users')).status()).toBe(401);
});

test('an owner invites a person, who sets a password and logs in', async ({ page, browser, javaScriptEnabled }) => {
  await asOwner(page);
  await page.getByRole('link', { name: 'Manage accounts' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  const email = `invited-${randomBytes(5).toString('hex')}@example.com`;
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Name', { exact: true }).fill('Grace Hopper');
  const role = page.getByLabel('Role', { exact: true });
  await expect(role.locator('option')).toHaveText(['API Owner', 'API Consumer']);
  await role.selectOption({ label: 'API Owner' });
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('The invitation is on its way.');
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('Grace Hopper');
  await expect(row).toContainText('API Owner');
  await expect(row).toContainText('Invited');
  await expect(row).toContainText('Never');

  // Inviting the same address again is refused on the Email field.
  await open(page, '/admin/users');
  await page.getByLabel('Email', { exact: true }).fill(email.toUpperCase());
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(page.locator('#email-error')).toHaveText('An account with this email address already exists.');

  // The invitation: its own wording, a set-password page, then Login.
  const mail = await waitForMail(email, /^You're invited to Acme API Portal$/);
  expect(mail.text).toContain('7 days');
  const { context: invited, page: person } = await otherBrowser(browser, javaScriptEnabled);
  await open(person, resetLinkIn(mail));
  await expect(person.getByRole('heading', { name: 'Choose a password for your account' })).toBeVisible();
  await person.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await person.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await person.getByRole('button', { name: 'Set password' }).click();
  await expect(person.getByRole('heading', { name: 'Your password is set' })).toBeVisible();
  await person.getByRole('link', { name: 'Login', exact: true }).click();
  await expect(person).toHaveURL(/\/auth\/login$/);
  await submitLogin(person, email, NEW_PASSWORD);
  await expect(person).toHaveURL(/\/account$/);
  await expect(person.locator('.details')).toContainText('Grace Hopper');
  await expect(person.locator('.details')).toContainText('API Owner');
  await invited.close();

  await expect(await findRow(page, email)).toContainText('Active');
});

test('an owner disables, enables, changes the role of, and sends a reset link to an account', async ({
  page,
  browser,
  javaScriptEnabled,
}) => {
  const owner = await asOwner(page);
  const person = createAccount('consumer');

  let row = await findRow(page, person.email);
  await row.getByRole('button', { name: `Disable ${person.email}` }).click();
  await expect(page.getByRole('status')).toHaveText('The account is disabled and its sessions have ended.');
  await expect(page.getByRole('row').filter({ hasText: person.email })).toContainText('Disabled');
  // A disabled account cannot log in (here, a fresh browser of the person's).
  const { context: check, page: theirs } = await otherBrowser(browser, javaScriptEnabled);
  await logIn(theirs, person.email, person.password);
  await expect(theirs.getByRole('alert')).toContainText('Incorrect email or password.');
  // Nor be sent a link until it is enabled again.
  row = await findRow(page, person.email);
  await row.getByRole('button', { name: `Send reset link ${person.email}` }).click();
  await expect(page.getByRole('alert').first()).toHaveText('This account is disabled: enable it first.');

  row = await findRow(page, person.email);
  await row.getByRole('button', { name: `Enable ${person.email}` }).click();
  await expect(page.getByRole('status')).toHaveText('The account is enabled.');
  await logIn(theirs, person.email, person.password);
  await expect(theirs).toHaveURL(/\/account$/);
  await check.close();

  row = await findRow(page, person.email);
  await row.getByLabel(`Role of ${person.email}`).selectOption({ label: 'API Owner' });
  await row.getByRole('button', { name: `Change role of ${person.email}` }).click();
  await expect(page.getByRole('status')).toHaveText('The role has been changed.');
  await expect(page.getByRole('row').filter({ hasText: person.email })).toContainText('API Owner');

  row = await findRow(page, person.email);
  await row.getByRole('button', { name: `Send reset link ${person.email}` }).click();
  await expect(page.getByRole('status')).toHaveText('A link to choose a new password is on its way.');
  await waitForMail(person.email, /^Reset your Acme API Portal password$/);

  // Each action is in the audit log, with the owner who took it.
  await open(page, `/admin/audit?email=${encodeURIComponent(person.email)}`);
  const events = page.getByRole('row');
  for (const event of ['Account disabled', 'Account enabled', 'Role changed to API Owner', 'Reset link sent by an API Owner']) {
    await expect(events.filter({ hasText: event }).filter({ hasText: owner.email })).toHaveCount(1);
  }
  await expect(events.nth(1)).toContainText('Reset link sent by an API Owner'); // newest first
  const audit = latchkey(['audit', '--email', person.email]);
  expect(audit).toContain('account_disabled');
});

test('deleting an account asks first', async ({ page }) => {
  await asOwner(page);
  const person = createAccount('consumer');
  const row = await findRow(page, person.email);
  await row.getByRole('link', { name: `Delete ${person.email}` }).click();
  await expect(page).toHaveURL(/\/admin\/users\/delete\?email=/);
  await expect(page.getByRole('heading', { name: 'Delete account' })).toBeVisible();
  // Cancel changes nothing.
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(await findRow(page, person.email)).toHaveCount(1);
  await (await findRow(page, person.email)).getByRole('link', { name: `Delete ${person.email}` }).click();
  await page.getByRole('button', { name: 'Delete account' }).click();
  await expect(page.getByRole('status')).toHaveText('The account has been deleted.');
  await open(page, `/admin/users?q=${encodeURIComponent(person.email)}`);
  await expect(page.getByText('No accounts match.')).toBeVisible();
  expect(latchkey(['user', 'list'])).not.toContain(person.email);
});

test('accounts are searched by email and paged @http', async ({ page }) => {
  await asOwner(page);
  const tag = `page-${randomBytes(4).toString('hex')}`;
  for (let n = 0; n < 51; n++) {
    latchkey(['user', 'add', '--email', `${tag}-${n}@example.com`, '--role', 'consumer']);
  }
  await open(page, `/admin/users?q=${tag.toUpperCase()}`);
  await expect(page.getByRole('row')).toHaveCount(51); // the header and 50 accounts
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page.getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('row').nth(1)).toContainText(`${tag}-50@example.com`);
  await expect(page.getByRole('link', { name: 'Next page' })).toHaveCount(0);
  await page.getByRole('link', { name: 'First page' }).click();
  await expect(page.getByRole('row')).toHaveCount(51);
});
