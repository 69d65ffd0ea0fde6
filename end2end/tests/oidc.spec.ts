// Latchkey as an OpenID Connect provider (CONTRACT.md §16), with panva's openid-client (an
// OpenID-certified relying-party library) as the application: discovery, the login in the
// browser with its second step, the code exchange with PKCE, the ID token checked against the
// JWKS, userinfo, refresh tokens that rotate, silent authorization and logout. JavaScript off
// and on.
import { createServer, type Server } from 'node:http';
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/a11y';
import { OwnServer } from './support/processes';
import { open, submitLogin } from './support/page';
import { code, turnOnApp } from './support/second-factor';

const EMAIL = 'ada@example.com';
const OWNER = 'owner@example.com';
const PASSWORD = 'correct horse battery staple';
const project = Number(process.env.TEST_PARALLEL_INDEX ?? '0');
// The portal application's pages: where Latchkey sends the browser back.
const PORTAL = `http://127.0.0.1:${3299 + project}`;
const CALLBACK = `${PORTAL}/auth/callback`;
const HOME = `${PORTAL}/`;

let server: OwnServer;
let portal: Server;
let url: string;
let app: { id: string; secret: string };

test.beforeAll(async () => {
  portal = createServer((_, answer) => answer.end('the portal'));
  await new Promise<void>((resolve) => portal.listen(3299 + project, '127.0.0.1', resolve));
  url = `http://localhost:${3265 + project}`;
  server = new OwnServer('oidc', 3265, { LATCHKEY_BASE_URL: url, LATCHKEY_MAIL_DIR: 'mail' });
  server.addUser(EMAIL, 'consumer', PASSWORD);
  server.addUser(OWNER, 'owner', PASSWORD);
  const added = server.cli(['client', 'add', '--name', 'Portal', '--redirect-uri', CALLBACK, '--post-logout-redirect-uri', HOME]);
  app = { id: /client_id: (\S+)/.exec(added)![1], secret: /client_secret: (\S+)/.exec(added)![1] };
  await server.start();
});

test.afterAll(async () => {
  server?.stop();
  await new Promise((resolve) => portal?.close(resolve));
});

async function discover() {
  return client.discovery(new URL(url), app.id, undefined, client.ClientSecretBasic(app.secret), {
    execute: [client.allowInsecureRequests],
  });
}

test('an application signs a person in with two steps, refreshes and signs out', async ({ page }) => {
  await page.goto(`${url}/auth/login`);
  await submitLogin(page, EMAIL, PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  const { secret } = await turnOnApp(page, url);
  await page.context().clearCookies();

  const config = await discover();
  expect(config.serverMetadata().issuer).toBe(url);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorize = client.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: 'openid email profile offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });

  // Signed out: the login page, the second step, and back to the application.
  await page.goto(authorize.href);
  await expect(page).toHaveURL(/\/auth\/login\?return_to=/);
  await submitLogin(page, EMAIL, PASSWORD);
  await expect(page).toHaveURL(/\/auth\/login\/verify/);
  await page.getByLabel('Code', { exact: true }).fill(code(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL((at) => at.href.startsWith(CALLBACK));

  const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(`${url}/oauth2/jwks`)), {
    issuer: url,
    audience: app.id,
  });
  expect(protectedHeader.alg).toBe('ES256');
  expect(payload).toMatchObject({ email: EMAIL, email_verified: true, latchkey_role: 'consumer', nonce, amr: ['pwd', 'otp', 'mfa'] });
  expect(payload.auth_time).toBeGreaterThan(Date.now() / 1000 - 120);
  const info = await client.fetchUserInfo(config, tokens.access_token, payload.sub!);
  expect(info).toMatchObject({ sub: payload.sub, email: EMAIL, latchkey_role: 'consumer' });

  // Refresh tokens rotate; the old one used again ends the chain.
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
  expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
  expect(refreshed.claims()!.sub).toBe(payload.sub);
  await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });

  // Signed in: prompt=none answers at once, with a code.
  const silent = new URL(authorize);
  silent.searchParams.set('prompt', 'none');
  await page.goto(silent.href);
  expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();

  // RP-initiated logout: back to the portal, and signed out of Latchkey.
  const logout = client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: HOME, state: 'bye' });
  await page.goto(logout.href);
  expect(page.url()).toBe(`${HOME}?state=bye`);
  await page.goto(silent.href);
  expect(new URL(page.url()).searchParams.get('error')).toBe('login_required');
  await page.goto(`${url}/account`);
  await expect(page).toHaveURL(/\/auth\/login/);
});

test('an unknown application or redirect URI gets an error page, never a redirect', async ({ page }) => {
  const ask = (clientId: string, redirect: string) =>
    `${url}/oauth2/authorize?response_type=code&scope=openid&client_id=${clientId}&redirect_uri=${encodeURIComponent(redirect)}`;
  for (const [target, why] of [
    [ask('nobody', CALLBACK), 'is not registered with this portal'],
    [ask(app.id, 'https://evil.example/callback'), 'has not registered'],
  ]) {
    const answer = await page.goto(target);
    expect(answer!.status()).toBe(400);
    await expect(page.getByRole('heading', { name: 'This application cannot sign you in' })).toBeVisible();
    await expect(page.getByText(why)).toBeVisible();
    expect(page.url()).toContain('/auth/app-error');
  }
  await expectAccessible(page, 'the application error page');
  // A registered redirect URI gets the other errors: PKCE is required of every client.
  await page.goto(ask(app.id, CALLBACK));
  const back = new URL(page.url());
  expect(back.origin + back.pathname).toBe(CALLBACK);
  expect(back.searchParams.get('error')).toBe('invalid_request');
});

test('an API Owner adds an application, sees its secret once and removes it', async ({ page }) => {
  await page.goto(`${url}/auth/login`);
  await submitLogin(page, OWNER, PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  await open(page, `${url}/admin/apps`);
  await expect(page.getByRole('heading', { name: 'Applications', exact: true })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(`Portal ${app.id} Confidential`) })).toBeVisible();

  // Plain http to a host that is not this machine: refused, saying why.
  const name = `Grafana ${test.info().project.name}`;
  const [redirectUris, logoutUris, isPublic] = [
    page.getByLabel('Redirect URIs', { exact: true }),
    page.getByLabel('Post-logout redirect URIs (optional)', { exact: true }),
    page.getByLabel('Public application', { exact: true }),
  ];
  await page.getByLabel('Name', { exact: true }).fill(name);
  await redirectUris.fill('http://grafana.example.com/login/generic_oauth\nhttps://grafana.example.com/cb');
  await logoutUris.fill('https://grafana.example.com/login');
  await isPublic.check();
  await page.getByRole('button', { name: 'Add application' }).click();
  await expect(page.locator('#redirect_uris-error')).toContainText('https://');
  // Nothing typed is lost: without JavaScript the page comes back with the form as it was.
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await expect(redirectUris).toHaveValue('http://grafana.example.com/login/generic_oauth\nhttps://grafana.example.com/cb');
  await expect(logoutUris).toHaveValue('https://grafana.example.com/login');
  await expect(isPublic).toBeChecked();

  await redirectUris.fill('https://grafana.example.com/login/generic_oauth');
  await isPublic.uncheck();
  await page.getByRole('button', { name: 'Add application' }).click();
  await expect(page).toHaveURL(/\/admin\/apps\/added$/);
  await expect(page.getByRole('heading', { name: 'Application added' })).toBeVisible();
  const clientId = (await page.locator('dd code').first().textContent())!;
  const secret = (await page.locator('dd code').nth(1).textContent())!;
  expect(clientId).toMatch(/^[0-9a-f]{32}$/);
  expect(secret.length).toBeGreaterThan(40);
  await expectAccessible(page, 'a new application');
  expect(server.cli(['client', 'list'])).toContain(`${clientId}\t${name}\tconfidential`);
  // Shown once.
  await open(page, `${url}/admin/apps/added`);
  await expect(page.getByRole('status')).toContainText('cannot be shown again');
  await expect(page.getByText(secret)).toHaveCount(0);

  await open(page, `${url}/admin/apps`);
  await page.getByRole('button', { name: `Remove ${name}` }).click();
  await expect(page.getByRole('status')).toContainText('The application has been removed');
  await expect(page.getByRole('cell', { name, exact: true })).toHaveCount(0);
  expect(server.cli(['client', 'list'])).not.toContain(clientId);
});
