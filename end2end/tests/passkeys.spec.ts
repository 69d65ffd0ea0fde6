// Passkeys in Chromium's virtual authenticator (over CDP), on a server of its own at
// http://localhost:<port>: WebAuthn needs a secure context and a domain name, and localhost is
// both. Added on the security page; then a sign-in with the passkey alone, and a password
// login whose second step the passkey finishes. Without JavaScript there is no passkey button,
// and adding one says that it needs JavaScript.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { LatchkeyProcess } from './support/processes';
import { submitLogin } from './support/page';
import { expectAccessible } from './support/a11y';

const root = path.resolve(__dirname, '../..');
// Each project (JavaScript off, on) runs this file in its own worker: its own port and folder.
const project = Number(process.env.TEST_PARALLEL_INDEX ?? '0');
const port = 3235 + project;
const url = `http://localhost:${port}`;
const work = path.join(root, 'target', `e2e-passkeys-${project}`);
const env = {
  WORK_DIR: path.join(work, 'latchkey'),
  LATCHKEY_DATABASE_URL: `sqlite://${work}/latchkey/passkeys.db?mode=rwc`,
  LATCHKEY_MAIL_DIR: path.join(work, 'mail'),
  LATCHKEY_SITE_ROOT: path.join(root, 'target', 'site'),
  LATCHKEY_BASE_URL: url,
};
const EMAIL = 'dev@example.com';
const PASSWORD = 'correct horse battery staple';

let server: LatchkeyProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(env.WORK_DIR, { recursive: true });
  execFileSync(path.join(root, 'target/release/latchkey'), ['user', 'add', '--email', EMAIL, '--role', 'consumer', '--password-stdin'], {
    env: { ...process.env, ...env, LATCHKEY_LOG: 'warn' },
    input: `${PASSWORD}\n`,
    cwd: env.WORK_DIR,
  });
  server = new LatchkeyProcess(port, env);
  await server.start();
});

test.afterAll(() => server?.stop());

/** Chromium's virtual authenticator for this page: a platform authenticator with resident keys
 * and user verification, which says yes to every prompt. */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
}

async function amr(page: Page) {
  const verify = await page.request.get(`${url}/api/auth/verify`);
  expect(verify.status()).toBe(200);
  return verify.headers()['x-latchkey-amr'];
}

async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 30_000 });
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
