// The passkey pages as people see them, on a server of its own at http://localhost (passkeys
// need a domain name) with Chromium's virtual authenticator standing in for the device.
import { expect, test } from '@playwright/test';
import { OwnServer } from '../tests/support/processes';
import { hydrated, submitLogin } from '../tests/support/page';
import { virtualAuthenticator } from '../tests/support/passkeys';
import { shoot } from './shoot';

const url = `http://localhost:${3245 + Number(process.env.TEST_PARALLEL_INDEX ?? '0')}`;
const EMAIL = 'ada@example.com';
const PASSWORD = 'correct horse battery staple';

test('signing in with a passkey', async ({ page }) => {
  test.setTimeout(120_000);
  const server = new OwnServer('screenshots-passkeys', 3245, {
    LATCHKEY_BASE_URL: url,
    LATCHKEY_MAIL_DIR: 'mail',
    LATCHKEY_PORTAL_NAME: 'Acme API Portal',
  });
  server.addUser(EMAIL, 'consumer', PASSWORD);
  await server.start();
  try {
    await virtualAuthenticator(page);
    // No autofill: the virtual authenticator would answer it before the page is seen.
    await page.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    });
    await page.goto(`${url}/auth/login`);
    await submitLogin(page, EMAIL, PASSWORD);
    await expect(page).toHaveURL(`${url}/account`);
    await page.goto(`${url}/account/security`);
    await hydrated(page);
    await page.getByLabel('Passkey name').fill('Laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await expect(page).toHaveURL(`${url}/account/security?done=passkey-added`);
    await shoot(page, 'security-passkey');

    await page.context().clearCookies();
    await page.goto(`${url}/auth/login`);
    await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();
    await shoot(page, 'login-passkey');
    await submitLogin(page, EMAIL, PASSWORD);
    await expect(page.getByRole('button', { name: 'Use a passkey' })).toBeVisible();
    await shoot(page, 'verify-passkey');
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await expect(page).toHaveURL(`${url}/account`);
  } finally {
    server.stop();
  }
});
