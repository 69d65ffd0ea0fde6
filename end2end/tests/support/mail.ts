// Reading mail from the maildev SMTP server the tests start (see playwright.config.ts).
import { expect } from '@playwright/test';

export const MAIL_SMTP_PORT = Number(process.env.LATCHKEY_E2E_SMTP_PORT ?? 1125);
export const MAIL_WEB_PORT = Number(process.env.LATCHKEY_E2E_MAIL_WEB_PORT ?? 1180);

export interface Mail {
  id: string;
  subject: string;
  text: string;
  html: string;
  from: { address: string; name: string }[];
  to: { address: string; name: string }[];
}

export async function mailTo(address: string): Promise<Mail[]> {
  const response = await fetch(`http://127.0.0.1:${MAIL_WEB_PORT}/api/email`);
  const all = (await response.json()) as Mail[];
  return all.filter((mail) => mail.to.some((to) => to.address.toLowerCase() === address.toLowerCase()));
}

/** Waits for the `count`-th message to `address` whose subject matches, and returns it. */
export async function waitForMail(address: string, subject: RegExp, count = 1): Promise<Mail> {
  let found: Mail[] = [];
  await expect
    .poll(async () => {
      found = (await mailTo(address)).filter((mail) => subject.test(mail.subject));
      return found.length;
    }, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(count);
  return found[count - 1];
}

/** The reset link in a message's plain-text part. */
export function resetLinkIn(mail: Mail): string {
  const match = mail.text.match(/https?:\/\/\S+\/auth\/reset\/code\?token=[A-Za-z0-9_-]+/);
  expect(match, `a reset link in: ${mail.text}`).not.toBeNull();
  return match![0];
}

/** The sign-up confirmation link in a message's plain-text part. */
export function confirmLinkIn(mail: Mail): string {
  const match = mail.text.match(/https?:\/\/\S+\/auth\/confirm\?token=[A-Za-z0-9_-]+/);
  expect(match, `a confirmation link in: ${mail.text}`).not.toBeNull();
  return match![0];
}
