import { expect, test } from './support/fixtures';
import { createAccount, latchkey } from './support/server';
import { open } from './support/page';

function resetLinkFor(email: string): string {
  return latchkey(['user', 'reset-link', '--email', email]).trim();
}

test('the requirements are shown before anything is typed', async ({ page }) => {
  const person = createAccount('owner');
  await open(page, resetLinkFor(person.email));
  const field = page.getByLabel('New password', { exact: true });
  await expect(field).toHaveAttribute('autocomplete', 'new-password');
  await expect(field).toHaveAccessibleDescription(/12 to 128 characters long/);
  await expect(page.getByText('not one of the commonly used passwords')).toBeVisible();
});

test('a common password is refused with a clear message', async ({ page }) => {
  const person = createAccount('consumer');
  await open(page, resetLinkFor(person.email));
  await page.getByLabel('New password', { exact: true }).fill('Password1234');
  await page.getByLabel('Confirm new password').fill('Password1234');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.locator('#password-error')).toHaveText('This password is too common. Choose another.');
  await expect(page.getByLabel('New password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
});

test.describe('with JavaScript on @js', () => {
  test('a too-short password is explained as you type and sends no request', async ({ page }) => {
    const person = createAccount('owner');
    await open(page, resetLinkFor(person.email));
    const sent: string[] = [];
    page.on('request', (r) => r.url().includes('/api/auth/reset') && r.method() === 'POST' && sent.push(r.url()));

    const field = page.getByLabel('New password', { exact: true });
    await field.fill('too short');
    await field.blur();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(/Use at least 12 characters\./);
    await page.getByLabel('Confirm new password').fill('too short');
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.waitForTimeout(300);
    expect(sent).toEqual([]);

    // Typing on updates the message; a good password clears it.
    await field.fill('a perfectly fine passphrase');
    await expect(field).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Strength: strong')).toBeVisible();
  });

  test('show and hide the password', async ({ page }) => {
    const person = createAccount('owner');
    await open(page, resetLinkFor(person.email));
    const field = page.getByLabel('New password', { exact: true });
    await expect(field).toHaveAttribute('type', 'password');
    await page.getByRole('button', { name: 'Show' }).first().click();
    await expect(field).toHaveAttribute('type', 'text');
    await page.getByRole('button', { name: 'Hide' }).click();
    await expect(field).toHaveAttribute('type', 'password');
  });

  // The browser (wasm) and the server run the same Rust rules: for every vector, the message the
  // page shows is exactly what the server answers for the same input.
  test('the browser and the server agree on every rule', async ({ page, request }) => {
    const person = createAccount('consumer');
    const link = resetLinkFor(person.email);
    const token = new URL(link).searchParams.get('token')!;
    const local = person.email.split('@')[0];
    const vectors = [
      'short',
      'e\u0301'.repeat(5),
      // NFC on both sides: six "é" however typed, but "q" + accent has no composed form.
      'e\u0301'.repeat(6),
      'q\u0301'.repeat(6),
      'cafe\u0301-crèmes',
      '🔑'.repeat(11),
      '🔑'.repeat(12),
      'שלום'.repeat(2),
      'שלום'.repeat(3),
      'x'.repeat(11),
      'x'.repeat(12),
      'x'.repeat(128),
      'x'.repeat(129),
      `my ${local.toUpperCase()} secret`,
      'correct horse battery staple',
    ];
    await open(page, link);
    const field = page.getByLabel('New password', { exact: true });
    for (const password of vectors) {
      // A confirmation that never matches, so the server never accepts (and uses up) the link.
      const response = await request.post('/api/auth/reset', {
        form: { token, password, confirm: 'never the same' },
      });
      expect(response.status()).toBe(422);
      const body = await response.json();
      const server = body.fields
        .filter((f: { field: string }) => f.field === 'password')
        .map((f: { message: string }) => f.message)
        .join(' ');

      await field.fill(password);
      await field.blur();
      if (server) {
        await expect(field, password).toHaveAttribute('aria-invalid', 'true');
        await expect(field, password).toHaveAccessibleDescription(new RegExp(escapeRegExp(server)));
      } else {
        await expect(field, password).not.toHaveAttribute('aria-invalid', 'true');
      }
    }
  });
});

test('the policy endpoint describes the rules @http', async ({ request }) => {
  const response = await request.get('/api/auth/policy');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({
    minLength: 12,
    maxLength: 128,
    multiCase: false,
    minNumeric: 0,
    minSpecial: 0,
    disableSequential: false,
  });
});

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
