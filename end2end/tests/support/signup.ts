// Signing up in the browser (CONTRACT.md §14): the form, and the confirmation link's page.
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { confirmLinkIn, waitForMail } from './mail';
import { open } from './page';

export const SIGNUP_PASSWORD = 'a brand new passphrase';
export const SENT = /We have sent an email to this address/;

export function newAddress(domain = 'example.com') {
  return `signup-${randomBytes(6).toString('hex')}@${domain}`;
}

export async function signUp(page: Page, base: string, email: string, password = SIGNUP_PASSWORD, confirm = password) {
  await open(page, `${base}/auth/signup`);
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await page.getByLabel('Name').fill('Grace Hopper');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(confirm);
  await page.getByRole('button', { name: 'Create account' }).click();
}

export async function confirmAddress(page: Page, email: string) {
  const mail = await waitForMail(email, /^Confirm your email address for /);
  const link = confirmLinkIn(mail);
  // Opening the link uses nothing: the button does.
  await open(page, link);
  await open(page, link);
  await expect(page.getByRole('heading', { name: 'Confirm your email address' })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await page.getByRole('button', { name: 'Confirm' }).click();
  return link;
}
