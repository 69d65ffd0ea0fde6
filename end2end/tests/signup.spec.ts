// Sign-up for API Consumers (CONTRACT.md §14): open on the shared server, with owner approval
// and an allowed domain on a server of its own. Every step runs with JavaScript off and on.
import { randomBytes } from 'node:crypto';
import { expect, test } from './support/fixtures';
import { createAccount } from './support/server';
import { logIn, open, submitLogin } from './support/page';
import { MAIL_SMTP_PORT, mailTo, waitForMail } from './support/mail';
import { OwnServer } from './support/processes';
import { SIGNUP_PASSWORD as PASSWORD, SENT, confirmAddress, newAddress, signUp } from './support/signup';

test('an API Consumer signs up, confirms the address and logs in', async ({ page }) => {
  const email = newAddress();
  await open(page, '/auth/login');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/auth\/signup$/);
  await signUp(page, '', email);
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(SENT);

  // Not before the address is confirmed.
  await logIn(page, email, PASSWORD);
  await expect(page.getByRole('alert')).toContainText('Incorrect email or password.');

  const link = await confirmAddress(page, email);
  await expect(page.getByRole('heading', { name: 'Your account is ready' })).toBeVisible();
  await page.getByRole('link', { name: 'Login' }).click();
  await submitLogin(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText('API Consumer')).toBeVisible();

  // The used link says so and offers the way on.
  await open(page, link);
  await expect(page.getByRole('heading', { name: 'This link is invalid or has expired' })).toBeVisible();
});

test('an address with an account gets the same page, and its owner an email', async ({ page }) => {
  const existing = createAccount('consumer');
  await signUp(page, '', existing.email);
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(SENT);
  const mail = await waitForMail(existing.email, /^Someone tried to create an account with your address$/);
  expect(mail.text).toContain('/auth/forgot');
  expect((await mailTo(existing.email)).some((m) => /Confirm your email/.test(m.subject))).toBe(false);
  // Nothing changed: the old password still works.
  await logIn(page, existing.email, existing.password);
  await expect(page).toHaveURL(/\/account$/);
});

test('a weak or mismatched password is refused, keeping the name and address', async ({ page }) => {
  const email = newAddress();
  await signUp(page, '', email, 'short', 'short');
  await expect(page.locator('#password-error')).toContainText('Use at least');
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expect(page.getByLabel('Name')).toHaveValue('Grace Hopper');
  await signUp(page, '', email, PASSWORD, `${PASSWORD}!`);
  await expect(page.locator('#confirm-error')).toContainText('The two passwords do not match.');
  expect(await mailTo(email)).toHaveLength(0);
});

test('the API answers the same for a new and a known address', async ({ request }) => {
  const known = createAccount('consumer');
  for (const email of [newAddress(), known.email]) {
    const answer = await request.post('/api/auth/signup', {
      form: { email, password: PASSWORD, confirm: PASSWORD },
      headers: { Accept: 'application/json' },
    });
    expect(answer.status()).toBe(200);
    expect((await answer.json()).message).toMatch(SENT);
  }
});

test.describe('with approval and an allowed domain', () => {
  test.describe.configure({ mode: 'serial' });
  const settings = {
    LATCHKEY_SMTP_URL: `smtp://127.0.0.1:${MAIL_SMTP_PORT}`,
    LATCHKEY_PORTAL_NAME: 'Acme API Portal',
    LATCHKEY_TRUST_PROXY: 'true',
    LATCHKEY_SIGNUP: 'approval',
    LATCHKEY_SIGNUP_DOMAINS: 'partner.example',
  };
  const owner = `owner-${randomBytes(4).toString('hex')}@acme.example`;
  let server: OwnServer;

  test.beforeAll(async () => {
    server = new OwnServer('signup', 3205, settings);
    server.addUser(owner, 'owner', PASSWORD);
    await server.start();
  });

  test.afterAll(() => server?.stop());

  test('an address outside the allowed domains gets a field error naming the rule', async ({ page }) => {
    const email = newAddress('elsewhere.example');
    await signUp(page, server.url, email);
    await expect(page.getByText('Only addresses at partner.example can create an account here.')).toBeVisible();
    expect(await mailTo(email)).toHaveLength(0);
  });

  test('an API Owner approves a sign-up in the browser, and the person logs in', async ({ page, browser }) => {
    const email = newAddress('partner.example');
    await signUp(page, server.url, email);
    await expect(page.getByRole('status')).toHaveText(SENT);
    await confirmAddress(page, email);
    await expect(page.getByRole('heading', { name: 'Your email address is confirmed' })).toBeVisible();
    await expect(page.getByText('An API Owner of Acme API Portal will review your sign-up')).toBeVisible();
    // Pending: the wrong password's answer.
    await open(page, `${server.url}/auth/login`);
    await submitLogin(page, email, PASSWORD);
    await expect(page.getByRole('alert')).toContainText('Incorrect email or password.');

    const told = await waitForMail(owner, /^New sign-up waiting for approval$/);
    expect(told.text).toContain(email);
    const ownerContext = await browser.newContext({ javaScriptEnabled: test.info().project.use.javaScriptEnabled });
    const admin = await ownerContext.newPage();
    await admin.goto(`${server.url}/auth/login`);
    await submitLogin(admin, owner, PASSWORD);
    await admin.goto(`${server.url}/admin/users`);
    const pending = admin.getByRole('list', { name: 'Waiting for approval' });
    await expect(pending).toContainText(email);
    await pending.getByRole('button', { name: `Approve ${email}` }).click();
    await expect(admin.getByText('The account is approved')).toBeVisible();
    await ownerContext.close();

    await waitForMail(email, /^Your account was approved$/);
    await open(page, `${server.url}/auth/login`);
    await submitLogin(page, email, PASSWORD);
    await expect(page).toHaveURL(`${server.url}/account`);
  });
});
