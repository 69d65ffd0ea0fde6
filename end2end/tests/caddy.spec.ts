// Latchkey in front of a portal behind Caddy, configured with deploy/Caddyfile : forward_auth asks /api/auth/verify?redirect=true, which sends signed-out visitors to
// the login page and back.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { PortalSetup, forgedHeadersNeverReachThePortal, ownerAdministersThroughTheProxy, root, visitLogInAndOut } from './support/portal';

const setup = new PortalSetup('portal-caddy', { proxy: 3161, latchkey: 3162, portal: 3163 });
const SNIPPET = readFileSync(path.join(root, 'deploy', 'Caddyfile'), 'utf8');

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await setup.start((work) => {
    // No admin endpoint, no certificates: a plain loopback site for the test.
    const site = setup.addresses(SNIPPET).replace('portal.example.com {', `${setup.origin} {`);
    const caddyfile = path.join(work, 'Caddyfile');
    writeFileSync(caddyfile, `{\n\tadmin off\n\tauto_https off\n}\n${site}`);
    return spawn('/usr/bin/caddy', ['run', '--config', caddyfile, '--adapter', 'caddyfile'], {
      stdio: 'ignore',
      env: { ...process.env, HOME: work, XDG_DATA_HOME: work, XDG_CONFIG_HOME: work },
    });
  });
});

test.afterAll(async () => {
  await setup.stop();
});

test('the README points to deploy/Caddyfile, the file this test runs @http', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  expect(readme).toContain('`deploy/Caddyfile`');
});

test('a client\'s own X-Latchkey-* headers never reach the portal @http', async ({ request }) => {
  await forgedHeadersNeverReachThePortal(request, setup.origin);
});

test('an API Owner manages accounts and changes their password through the proxy', async ({ page }) => {
  await ownerAdministersThroughTheProxy(page, setup.origin);
});

test('a visitor logs in through Caddy and lands back on the portal page', async ({ page }) => {
  await visitLogInAndOut(page, setup.origin);
});
