import { expect, test, type Page } from '@playwright/test';

/** Opens `path` and, when JavaScript is on, waits until the app has hydrated. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
}

/** Waits for the app to take over the page. Compiling the wasm competes for the 2 cores with
 * the server's password hashing when a test floods it, so the wait is generous: it is readiness,
 * not a measurement. */
async function hydrated(page: Page) {
  if (test.info().project.use.javaScriptEnabled !== false) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 30_000 });
  }
}

export async function logIn(page: Page, email: string, password: string) {
  await open(page, '/auth/login');
  await submitLogin(page, email, password);
}

/** Fills in and sends the login form of the page the browser is on. */
export async function submitLogin(page: Page, email: string, password: string) {
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
}
