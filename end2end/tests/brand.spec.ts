// The portal's look: LATCHKEY_LOGO_URL and LATCHKEY_ACCENT_COLOR on a server of their own.
import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { LatchkeyProcess } from './support/processes';

const root = path.resolve(__dirname, '../..');
// Each project (JavaScript off, on) runs this file in its own worker: its own ports and folder.
const project = process.env.TEST_PARALLEL_INDEX ?? '0';
const work = path.join(root, 'target', `e2e-brand-${project}`);
const PORT = 3171 + 10 * Number(project);
const LOGO_PORT = PORT + 1;
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32"><rect width="120" height="32" fill="#5b2a86"/></svg>';

const env = {
  WORK_DIR: path.join(work, 'latchkey'),
  LATCHKEY_DATABASE_URL: `sqlite://${work}/latchkey/brand.db?mode=rwc`,
  LATCHKEY_MAIL_DIR: path.join(work, 'mail'),
  LATCHKEY_SITE_ROOT: path.join(root, 'target', 'site'),
  LATCHKEY_PORTAL_NAME: 'Branded Portal',
  LATCHKEY_LOGO_URL: `http://127.0.0.1:${LOGO_PORT}/logo.svg`,
  LATCHKEY_ACCENT_COLOR: '#5b2a86',
};

let server: LatchkeyProcess;
let logoHost: http.Server;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  logoHost = http.createServer((_, res) => {
    res.writeHead(200, { 'Content-Type': 'image/svg+xml' });
    res.end(LOGO);
  });
  await new Promise<void>((resolve) => logoHost.listen(LOGO_PORT, '127.0.0.1', resolve));
  server = new LatchkeyProcess(PORT, env);
  await server.start();
});

test.afterAll(async () => {
  server?.stop();
  await new Promise((resolve) => logoHost?.close(resolve));
});

test('the logo, the accent colour and the name are the portal’s', async ({ page }) => {
  const response = await page.goto(`${server.url}/auth/login`);
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy).toContain(`img-src 'self' data: http://127.0.0.1:${LOGO_PORT};`);
  const logo = page.getByRole('banner').getByRole('img', { name: 'Branded Portal' });
  await expect(logo).toBeVisible();
  // Loaded, so the page's policy let it in.
  expect(await logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);
  await expect(page).toHaveTitle('Log in · Branded Portal');
  const button = page.getByRole('button', { name: 'Login' });
  await expect(button).toHaveCSS('background-color', 'rgb(91, 42, 134)');
  await expect(button).toHaveCSS('color', 'rgb(255, 255, 255)');
  await expect(page.getByRole('link', { name: 'Forgot Password?' })).toHaveCSS('color', 'rgb(91, 42, 134)');
});

test('the branded pages stay accessible, light and dark @js', async ({ page }) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto(`${server.url}/auth/login`);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => v.id), colorScheme).toEqual([]);
  }
});

test('an accent colour that is not #rrggbb stops start-up, naming the variable @http', async () => {
  const run = spawnSync(path.join(root, 'target/release/latchkey'), ['serve'], {
    env: { ...process.env, ...env, LATCHKEY_ADDR: `127.0.0.1:${PORT + 2}`, LATCHKEY_ACCENT_COLOR: 'purple' },
    encoding: 'utf8',
    timeout: 10_000,
  });
  expect(run.status).not.toBe(0);
  expect(run.stderr).toContain('LATCHKEY_ACCENT_COLOR');
});
