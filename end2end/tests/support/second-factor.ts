// An authenticator app as a person uses one: codes computed from the secret the page shows
// (`otpauth`), and turning the app on from the security page.
import { expect, type Page } from '@playwright/test';
import { TOTP } from 'otpauth';
import { open } from './page';

/** The app's code for `secret`, `stepsAgo` 30-second steps back. */
export function code(secret: string, stepsAgo = 0): string {
  return new TOTP({ secret }).generate({ timestamp: Date.now() - stepsAgo * 30_000 });
}

/** Turns an authenticator app on for the signed-in person; its secret and recovery codes. The
 * code typed is the previous step's (one step of drift is accepted), so that the current step's
 * code is still unused for a login right after. `base`: another server's URL. */
export async function turnOnApp(page: Page, base = '') {
  await open(page, `${base}/account/security`);
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await expect(page).toHaveURL(/\/account\/security\/app\?setup=/);
  const secret = (await page.getByText(/^[A-Z2-7]{32}$/).textContent())!;
  await page.getByLabel('Code', { exact: true }).fill(code(secret, 1));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page).toHaveURL(/\/account\/security\/codes$/);
  const codes = await page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem').allTextContents();
  expect(codes).toHaveLength(10);
  return { secret, codes };
}
