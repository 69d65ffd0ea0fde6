// Passkeys in the static single-page app: dist/ on one origin, the API on another, both on
// localhost (passkeys need a domain name; the two ports are one site, so the API's cookies go
// along). The passkey belongs to the app's origin, which is LATCHKEY_BASE_URL, as in any SPA
// deployment. JavaScript only (@js), as the app itself.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
// Not the fixtures' test: its X-Forwarded-For header would make every API call need a preflight.
import { expect, test } from '@playwright/test';
import { hydrated } from './support/page';
import { OwnServer } from './support/processes';
import { virtualAuthenticator } from './support/passkeys';
import { staticHost } from './support/static-host';

const root = path.resolve(__dirname, '../..');
const SPA_PORT = 3251;
const spa = `http://localhost:${SPA_PORT}`;
// OwnServer's port for this project.
const api = `http://localhost:${3252 + Number(process.env.TEST_PARALLEL_INDEX ?? '0')}`;
const work = path.join(root, 'target', 'e2e-spa-passkeys');
const EMAIL = 'dev@example.com';
const PASSWORD = 'correct horse battery staple';

let host: http.Server;
let server: OwnServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  cpSync(path.join(root, 'dist'), work, { recursive: true });
  const index = path.join(work, 'index.html');
  const meta = '<meta name="latchkey-api-base" content=""';
  writeFileSync(index, readFileSync(index, 'utf8').replace(meta, `<meta name="latchkey-api-base" content="${api}"`));
  rmSync(`${index}.br`);
  rmSync(`${index}.gz`);
  host = staticHost(work);
  await new Promise<void>((resolve) => host.listen(SPA_PORT, '127.0.0.1', resolve));
  server = new OwnServer('spa-passkeys', 3252, { LATCHKEY_BASE_URL: spa, LATCHKEY_CORS_ORIGINS: spa, LATCHKEY_MAIL_DIR: 'mail' });
  server.addUser(EMAIL, 'consumer', PASSWORD);
  await server.start();
});

test.afterAll(async () => {
  server?.stop();
  await new Promise((resolve) => host?.close(resolve));
});

test('the app adds a passkey and signs in with it against the API on another origin @js', async ({ page }) => {
  await virtualAuthenticator(page);
  // No autofill: the virtual authenticator would answer it before the button is pressed.
  await page.addInitScript(() => {
    PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });
  await page.goto(`${spa}/auth/login`);
  await hydrated(page);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Login' }).click();
  await expect(page).toHaveURL(`${spa}/account`);

  await page.goto(`${spa}/account/security`);
  await hydrated(page);
  await page.getByLabel('Passkey name').fill('Laptop');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page).toHaveURL(`${spa}/account/security?done=passkey-added`);
  await expect(page.getByRole('heading', { name: 'Laptop' })).toBeVisible();

  await page.context().clearCookies();
  await page.goto(`${spa}/auth/login`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL(`${spa}/account`);
  await expect(page.getByText(EMAIL)).toBeVisible();
});
