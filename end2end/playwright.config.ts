import { defineConfig } from '@playwright/test';
import { PORT, SERVER_LOG, serverEnv } from './tests/support/server';
import { MAIL_SMTP_PORT, MAIL_WEB_PORT } from './tests/support/mail';

// Every test runs twice: with JavaScript off (plain forms, server redirects) and hydrated.
export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  // One retry in CI only, where two Chromiums, the server's password hashing and axe share two
  // cores. A retried test is named as FLAKY in the summary, to be mended (as the pages that lost
  // their policy to a concurrent asset were); locally every failure stands.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['./summary-reporter.ts']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download cannot work here.
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'no-js', use: { javaScriptEnabled: false }, grepInvert: /@js/ },
    { name: 'hydrated', use: { javaScriptEnabled: true }, grepInvert: /@http/ },
  ],
  webServer: [
    {
      // A real SMTP server, read back through its HTTP API.
      command: `npx maildev --smtp ${MAIL_SMTP_PORT} --web ${MAIL_WEB_PORT} --ip 127.0.0.1 --web-ip 127.0.0.1`,
      url: `http://127.0.0.1:${MAIL_WEB_PORT}/api/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The log is also written to a file that the tests search for secrets.
      command: `../target/release/latchkey serve 2>&1 | tee ${SERVER_LOG}`,
      url: `http://127.0.0.1:${PORT}/readyz`,
      env: serverEnv,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      timeout: 60_000,
    },
  ],
});
