import { expect, test } from '@playwright/test';
import { PORT, createAccount, latchkey } from './support/server';

const SELF = `http://127.0.0.1:${PORT}`;
const FORM = { email: 'nobody@example.com', password: 'not the password at all' };

test.describe('HTTP protections @http', () => {
  test('cross-site POSTs are refused', async ({ request }) => {
    const foreign = await request.post('/api/auth/login', { form: FORM, headers: { Origin: 'https://evil.example' } });
    expect(foreign.status()).toBe(403);
    const byReferer = await request.post('/api/auth/forgot', {
      form: { email: 'a@example.com' },
      headers: { Referer: 'https://evil.example/page' },
    });
    expect(byReferer.status()).toBe(403);
    const own = await request.post('/api/auth/login', { form: FORM, headers: { Origin: SELF } });
    expect(own.status()).toBe(401);
    // The loopback names of the same port are one site in development.
    const localhost = await request.post('/api/auth/login', {
      form: FORM,
      headers: { Origin: `http://localhost:${PORT}` },
    });
    expect(localhost.status()).toBe(401);
  });

  test('Origin: null is accepted only by the reset endpoint', async ({ request }) => {
    const login = await request.post('/api/auth/login', { form: FORM, headers: { Origin: 'null' } });
    expect(login.status()).toBe(403);
    const person = createAccount('owner');
    const token = new URL(latchkey(['user', 'reset-link', '--email', person.email]).trim()).searchParams.get('token')!;
    const reset = await request.post('/api/auth/reset', {
      form: { token, password: 'a brand new passphrase', confirm: 'a brand new passphrase' },
      headers: { Origin: 'null' },
    });
    expect(reset.status()).toBe(200);
  });

  test('bodies over 16 KiB are refused with 413', async ({ request }) => {
    const response = await request.post('/api/auth/login', {
      form: { email: 'a@example.com', password: 'x'.repeat(17 * 1024) },
    });
    expect(response.status()).toBe(413);
  });

  test('the API answers non-browser clients with JSON and a status', async ({ request }) => {
    const wrong = await request.post('/api/auth/login', { form: FORM });
    expect(wrong.status()).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'invalid_credentials', email: FORM.email });
    const person = createAccount('consumer');
    const ok = await request.post('/api/auth/login', {
      form: { email: person.email, password: person.password },
    });
    expect(ok.status()).toBe(200);
    expect(await ok.json()).toMatchObject({ email: person.email, role: 'consumer', role_label: 'API Consumer' });
    const cookie = ok.headers()['set-cookie'];
    expect(cookie).toMatch(/^latchkey_session=[A-Za-z0-9_-]{43}; Max-Age=\d+; HttpOnly; SameSite=Lax; Path=\/$/);
    const forgot = await request.post('/api/auth/forgot', { form: { email: 'whoever@example.com' } });
    expect(forgot.status()).toBe(200);
    expect((await forgot.json()).message).toMatch(/If an account exists for that address/);
  });

  test('pages carry protective headers', async ({ request }) => {
    for (const path of ['/auth/login', '/auth/forgot', '/auth/reset/code?token=x']) {
      const response = await request.get(path);
      const headers = response.headers();
      expect(headers['cache-control'], path).toBe('no-store');
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['x-frame-options'], path).toBe('DENY');
    }
  });

  test('health and readiness', async ({ request }) => {
    expect((await request.get('/healthz')).status()).toBe(200);
    expect((await request.get('/readyz')).status()).toBe(200);
  });
});
