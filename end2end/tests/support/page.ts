import { expect, test, type Page } from '@playwright/test';

/** Opens `path` and, when JavaScript is on, waits until the app has hydrated. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  if (test.info().project.use.javaScriptEnabled !== false) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
}

export async function logIn(page: Page, email: string, password: string) {
  await open(page, '/auth/login');
  await submitLogin(page, email, password);
}

/** Fills in and sends the login form of the page the browser is on. */
export async function submitLogin(page: Page, email: string, password: string) {
  if (test.info().project.use.javaScriptEnabled !== false) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
}
