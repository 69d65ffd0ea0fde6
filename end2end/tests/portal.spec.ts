// Latchkey in front of a portal behind nginx, configured with deploy/nginx.conf , and what the proxies ask Latchkey.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { PortalSetup, forgedHeadersNeverReachThePortal, ownerAdministersThroughTheProxy, person, root, visitLogInAndOut } from './support/portal';

const setup = new PortalSetup('portal-nginx', { proxy: 3151, latchkey: 3152, portal: 3153 });
const SNIPPET = readFileSync(path.join(root, 'deploy', 'nginx.conf'), 'utf8');
const ORIGIN = setup.origin;
const LATCHKEY = setup.ports.latchkey;
const NGINX = setup.ports.proxy;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await setup.start((work) => {
    const server = setup.addresses(SNIPPET).replace('listen 443 ssl;', `listen 127.0.0.1:${NGINX};`);
    const conf = path.join(work, 'nginx.conf');
    writeFileSync(
      conf,
      `pid ${work}/nginx.pid;\nerror_log ${work}/nginx-error.log;\nevents {}\n` +
        `http {\n  access_log off;\n  client_body_temp_path ${work}/body;\n  proxy_temp_path ${work}/proxy;\n${server}\n}\n`,
    );
    return spawn('/usr/sbin/nginx', ['-p', work, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
  });
});

test.afterAll(async () => {
  await setup.stop();
});

test('the README points to deploy/nginx.conf, the file this test runs @http', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  expect(readme).toContain('`deploy/nginx.conf`');
});

test('a client\'s own X-Latchkey-* headers never reach the portal @http', async ({ request }) => {
  await forgedHeadersNeverReachThePortal(request, setup.origin);
});

test('an API Owner manages accounts and changes their password through the proxy', async ({ page }) => {
  await ownerAdministersThroughTheProxy(page, setup.origin);
});

test('a visitor logs in through nginx and lands back on the portal page', async ({ page }) => {
  await visitLogInAndOut(page, ORIGIN);
});

test('verify answers the proxy: 401 signed out, headers signed in, 403 for a role it lacks @http', async ({
  request,
}) => {
  const verify = (query = '', headers: Record<string, string> = {}) =>
    request.get(`http://127.0.0.1:${LATCHKEY}/api/auth/verify${query}`, { headers, maxRedirects: 0 });
  const anonymous = await verify();
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()['set-cookie']).toBeUndefined();
  expect(anonymous.headers()['cache-control']).toBe('no-store');

  // Traefik and Caddy hand the answer to the browser: signed out, it is the login page, which
  // returns to the page the trusted proxy names (when a login may return there).
  const forwarded = { 'X-Forwarded-Proto': 'http', 'X-Forwarded-Host': `127.0.0.1:${NGINX}`, 'X-Forwarded-Uri': '/docs/x' };
  const toLogin = await verify('?redirect=true', forwarded);
  expect(toLogin.status()).toBe(302);
  expect(toLogin.headers()['location']).toBe(`${ORIGIN}/auth/login?return_to=${encodeURIComponent(`${ORIGIN}/docs/x`)}`);
  const elsewhere = await verify('?redirect=true', { ...forwarded, 'X-Forwarded-Host': 'evil.example' });
  expect(elsewhere.headers()['location']).toBe(`${ORIGIN}/auth/login`);

  const login = await request.post(`http://127.0.0.1:${LATCHKEY}/api/auth/login`, {
    form: { email: person.email, password: person.password },
  });
  expect(login.status()).toBe(200);
  const session = login.headers()['set-cookie'].split('\n').find((c) => c.startsWith('latchkey_session='))!;
  const cookie = { Cookie: session.split(';')[0] };
  const signedIn = await verify('', cookie);
  expect(signedIn.status()).toBe(200);
  expect(await signedIn.text()).toBe('');
  expect(signedIn.headers()['x-latchkey-email']).toBe(person.email);
  expect(signedIn.headers()['x-latchkey-role']).toBe('consumer');
  expect(signedIn.headers()['x-latchkey-account']).toMatch(/^\d+$/);
  expect(signedIn.headers()['set-cookie']).toBeUndefined();
  expect((await verify('?role=owner', cookie)).status()).toBe(403);
  expect((await verify('?role=consumer', cookie)).status()).toBe(200);
});
