// English and German from one catalogue: negotiated from Accept-Language, switched on any page
// by a link (no JavaScript needed, remembered in a cookie), `<html lang>` following; the reset
// email in the language it was asked for in; the password rules' messages in the browser too.
import { expect, test } from './support/fixtures';
import { createAccount, latchkey } from './support/server';
import { open } from './support/page';
import { waitForMail } from './support/mail';

test.describe('a browser that prefers German', () => {
  test.use({ locale: 'de-DE' });

  test('gets the pages in German, titles and all', async ({ page }) => {
    await open(page, '/auth/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page).toHaveTitle('Anmelden · Acme API Portal');
    await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
    await expect(page.getByLabel('E-Mail')).toBeVisible();
    await expect(page.getByLabel('Passwort')).toBeVisible();
    await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
    await expect(page).toHaveURL(/\/auth\/forgot$/);
    await expect(page.getByRole('heading', { name: 'Passwort zurücksetzen' })).toBeVisible();
  });

  test('asks for a reset link and gets the email in German', async ({ page }) => {
    const person = createAccount('consumer');
    await open(page, '/auth/forgot');
    await page.getByLabel('E-Mail').fill(person.email);
    await page.getByRole('button', { name: 'Zurücksetzen' }).click();
    await expect(page.getByRole('status')).toContainText('Falls ein Konto mit dieser Adresse existiert');
    const mail = await waitForMail(person.email, /^Setzen Sie Ihr Passwort für Acme API Portal zurück$/);
    expect(mail.text).toContain('60 Minuten lang gültig');
    expect(mail.html).toContain('<html lang="de">');
  });

  test('can switch to English, and the choice is remembered', async ({ page }) => {
    await open(page, '/auth/forgot');
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page).toHaveURL(/\/auth\/forgot$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
    await open(page, '/auth/login');
    await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'English' })).toHaveAttribute('aria-current', 'true');
  });
});

test('the switch on a reset link keeps the link, and the rules speak the chosen language', async ({ page }) => {
  const person = createAccount('consumer');
  const link = latchkey(['user', 'reset-link', '--email', person.email]).trim();
  await open(page, link);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await page.getByRole('link', { name: 'Deutsch' }).click();
  await expect(page).toHaveURL(link);
  await expect(page.getByRole('heading', { name: 'Neues Passwort wählen' })).toBeVisible();
  await expect(page.locator('#password-rules')).toContainText('12 bis 128 Zeichen lang');
  await page.getByLabel('Neues Passwort', { exact: true }).fill('kurz');
  await page.getByLabel('Neues Passwort bestätigen').fill('anders');
  await page.getByRole('button', { name: 'Zurücksetzen' }).click();
  // Checked in the browser (hydrated) or by the server (no JavaScript): German either way.
  await expect(page.locator('#password-error')).toContainText('Verwenden Sie mindestens 12 Zeichen.');
  await expect(page.locator('#confirm-error')).toContainText('Die beiden Passwörter stimmen nicht überein.');
});

test('the language link works without JavaScript: a redirect with a cookie @http', async ({ request }) => {
  const switched = await request.get('/auth/login?lang=de&return_to=%2Faccount', { maxRedirects: 0 });
  expect(switched.status()).toBe(303);
  expect(switched.headers()['location']).toBe('/auth/login?return_to=%2Faccount');
  expect(switched.headers()['set-cookie']).toMatch(/^latchkey_lang=de; .*HttpOnly/);
  const page = await request.get('/auth/login', { headers: { Cookie: 'latchkey_lang=de', 'Accept-Language': 'en' } });
  expect(await page.text()).toContain('<html lang="de">');
  expect(page.headers()['content-language']).toBe('de');
  // A language we do not speak changes nothing.
  const unknown = await request.get('/auth/forgot?lang=xx', { maxRedirects: 0 });
  expect(unknown.headers()['location']).toBe('/auth/forgot');
  expect(unknown.headers()['set-cookie']).toBeUndefined();
});
