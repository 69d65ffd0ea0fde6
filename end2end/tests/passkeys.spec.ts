// Passkeys in Chromium's virtual authenticator (over CDP), on a server of its own at
// http://localhost:<port>: WebAuthn needs a secure context and a domain name, and localhost is
// both. Added on the security page; then a sign-in with the passkey alone, and a password
// login whose second step the passkey finishes. Without JavaScript there is no passkey button,
// and adding one says that it needs JavaScript.
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { OwnServer } from './support/processes';
import { hydrated, submitLogin } from './support/page';
import { expectAccessible } from './support/a11y';
import { virtualAuthenticator } from './support/passkeys';

// Its origin, as the browser and LATCHKEY_BASE_URL name it (the port: OwnServer's for this project).
const url = `http://localhost:${3235 + Number(process.env.TEST_PARALLEL_INDEX ?? '0')}`;
const EMAIL = 'dev@example.com';
const PASSWORD = 'correct horse battery staple';

let server: OwnServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = new OwnServer('passkeys', 3235, { LATCHKEY_BASE_URL: url, LATCHKEY_MAIL_DIR: 'mail' });
  server.addUser(EMAIL, 'consumer', PASSWORD);
  await server.start();
});

test.afterAll(() => server?.stop());

async function amr(page: Page) {
  const verify = await page.request.get(`${url}/api/auth/verify`);
  expect(verify.status()).toBe(200);
  return verify.headers()['x-latchkey-amr'];
}

test('a passkey added on the security page signs in on its own, and finishes a password login @js', async ({ page }) => {
  const credentials = await virtualAuthenticator(page);

  await test.step('add a passkey', async () => {
    await page.goto(`${url}/auth/login`);
    await submitLogin(page, EMAIL, PASSWORD);
    await expect(page).toHaveURL(`${url}/account`);
    await page.goto(`${url}/account/security`);
    await hydrated(page);
    await page.getByLabel('Passkey name').fill('Laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await expect(page).toHaveURL(`${url}/account/security?done=passkey-added`);
    await expect(page.getByText('The passkey was added.')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Laptop' })).toBeVisible();
    expect(await credentials()).toHaveLength(1);
    await expectAccessible(page, 'security, with a passkey');
  });

  await test.step('the passkey autofill of the Email field signs in', async () => {
    // The virtual authenticator answers the autofill's request at once, as a person picking
    // the passkey from the field's suggestions would.
    await page.goto(`${url}/account`);
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(`${url}/account`);
    expect(await amr(page)).toBe('hwk,mfa');
  });

  // From here on the browser offers no passkey autofill, as some do not.
  await page.addInitScript(() => {
    PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });

  await test.step('sign in with the passkey alone, from the button', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/auth\/login/);
    await hydrated(page);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(page).toHaveURL(`${url}/account`);
    expect(await amr(page)).toBe('hwk,mfa');
  });

  await test.step('a password login asks for the passkey, which finishes it', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/auth\/login/);
    await page.goto(`${url}/auth/login`);
    await submitLogin(page, EMAIL, PASSWORD);
    await expect(page).toHaveURL(`${url}/auth/login/verify`);
    await expect(page.getByLabel('Code')).toHaveCount(0);
    await hydrated(page);
    await expectAccessible(page, 'verify, with a passkey only');
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await expect(page).toHaveURL(`${url}/account`);
    expect(await amr(page)).toBe('pwd,hwk,mfa');
  });

  await test.step('remove it: the password alone signs in again', async () => {
    await page.goto(`${url}/account/security`);
    await page.getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByText('The passkey was removed.')).toBeVisible();
    await page.goto(`${url}/account`);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.goto(`${url}/auth/login`);
    await submitLogin(page, EMAIL, PASSWORD);
    await expect(page).toHaveURL(`${url}/account`);
    expect(await amr(page)).toBe('pwd');
  });
});

test('without JavaScript there is no passkey button, and adding one says it needs JavaScript @http', async ({ page }) => {
  await page.goto(`${url}/auth/login`);
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toHaveCount(0);
  await expect(page.getByLabel('Email')).toHaveAttribute('autocomplete', 'username webauthn');
  await submitLogin(page, EMAIL, PASSWORD);
  await expect(page).toHaveURL(`${url}/account`);
  await page.goto(`${url}/account/security`);
  await page.getByLabel('Passkey name').fill('Laptop');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page).toHaveURL(`${url}/account/security?done=passkey-needs-script`);
  await expect(page.getByText('Adding a passkey needs JavaScript.')).toBeVisible();
  await expectAccessible(page, 'security, passkeys without JavaScript');
});
