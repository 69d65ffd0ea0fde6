import { expect, test, type Browser, type Page } from '@playwright/test';
import { PORT } from './server';

/** Opens `path` and, when JavaScript is on, waits until the app has hydrated. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
}

/** Waits for the app to take over the page. Compiling the wasm competes for the 2 cores with
 * the server's password hashing when a test floods it, so the wait is generous: it is readiness,
 * not a measurement. */
export async function hydrated(page: Page) {
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

/** A second browser (its own cookies) in the test's mode, e.g. the same person elsewhere. */
export async function otherBrowser(browser: Browser, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled, baseURL: `http://127.0.0.1:${PORT}` });
  return { context, page: await context.newPage() };
}

/** A second browser in which `email` is signed in. */
export async function signedInElsewhere(browser: Browser, javaScriptEnabled: boolean, email: string, password: string) {
  const other = await otherBrowser(browser, javaScriptEnabled);
  await logIn(other.page, email, password);
  await expect(other.page).toHaveURL(/\/account$/);
  return other;
}
