import { existsSync, readFileSync } from 'node:fs';
import { expect, randomClientIp, test } from './support/fixtures';
import { DATABASE_FILE, PORT, SERVER_LOG, createAccount, latchkey } from './support/server';
import { resetLinkIn, waitForMail } from './support/mail';

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
    expect(await wrong.json()).toEqual({ error: 'invalid_credentials' });
    const person = createAccount('consumer');
    const ok = await request.post('/api/auth/login', {
      form: { email: person.email, password: person.password },
    });
    expect(ok.status()).toBe(200);
    expect(await ok.json()).toMatchObject({ email: person.email, role: 'consumer', role_label: 'API Consumer' });
    const cookies = Object.fromEntries(
      ok.headers()['set-cookie'].split('\n').map((cookie) => {
        const [pair, ...attributes] = cookie.split('; ');
        const [name, value] = pair.split('=');
        return [name, { value, attributes: attributes.sort() }];
      }),
    );
    expect(Object.keys(cookies).sort()).toEqual(['latchkey_device', 'latchkey_session']);
    expect(cookies.latchkey_session.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookies.latchkey_session.attributes).toEqual(['HttpOnly', 'Max-Age=43200', 'Path=/', 'SameSite=Lax']);
    // The browser is remembered as one that logged into this account (OWASP's device cookie).
    expect(cookies.latchkey_device.value).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(cookies.latchkey_device.attributes).toEqual(['HttpOnly', 'Max-Age=31536000', 'Path=/', 'SameSite=Lax']);
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
      // Scripts only from this site, inline only with this response's nonce; never unsafe-inline.
      const csp = headers['content-security-policy'];
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).toContain("frame-ancestors 'none'");
      const nonce = csp.match(/'nonce-([A-Za-z0-9_-]+)'/)?.[1];
      expect(nonce, path).toBeTruthy();
      expect(await response.text(), path).toContain(`nonce="${nonce}"`);
    }
    const other = await request.get('/auth/login');
    expect(other.headers()['content-security-policy']).not.toBe(
      (await request.get('/auth/login')).headers()['content-security-policy'],
    );
  });

  test('health and readiness', async ({ request }) => {
    expect((await request.get('/healthz')).status()).toBe(200);
    expect((await request.get('/readyz')).status()).toBe(200);
  });
});

test.describe('abuse limits @http', () => {
  test('30 POSTs a minute per client IP, then 429 with Retry-After', async ({ request }) => {
    for (let i = 0; i < 30; i++) {
      const response = await request.post('/api/auth/forgot', { form: { email: 'not-an-email' } });
      expect(response.status(), `request ${i + 1}`).toBe(422);
    }
    const limited = await request.post('/api/auth/forgot', { form: { email: 'not-an-email' } });
    expect(limited.status()).toBe(429);
    const wait = Number(limited.headers()['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    // Another client is not affected.
    const other = await request.post('/api/auth/forgot', {
      form: { email: 'not-an-email' },
      headers: { 'X-Forwarded-For': randomClientIp() },
    });
    expect(other.status()).toBe(422);
  });

  test('five failed logins put the address on hold, whatever the password', async ({ request }) => {
    const person = createAccount('owner');
    for (let i = 0; i < 5; i++) {
      const response = await request.post('/api/auth/login', { form: { email: person.email, password: 'wrong password here' } });
      expect(response.status()).toBe(401);
    }
    const held = await request.post('/api/auth/login', { form: { email: person.email, password: person.password } });
    expect(held.status()).toBe(429);
    expect(Number(held.headers()['retry-after'])).toBeGreaterThan(0);
    expect(await held.json()).toMatchObject({ error: 'throttled' });
  });

  test('forgot answers alike for known, unknown and disabled addresses', async ({ request }) => {
    const known = createAccount('consumer');
    const disabled = createAccount('consumer');
    latchkey(['user', 'disable', '--email', disabled.email]);
    const answers = [];
    for (const email of [known.email, `nobody-${Date.now()}@example.com`, disabled.email]) {
      for (const accept of ['application/json', 'text/html']) {
        const response = await request.post('/api/auth/forgot', {
          form: { email },
          headers: { Accept: accept, Referer: `${SELF}/auth/forgot` },
          maxRedirects: 0,
        });
        const headers = { ...response.headers() };
        // What differs between any two answers: the time, and each request's own id; and the
        // address typed, repeated back to whoever typed it.
        delete headers['date'];
        delete headers['x-request-id'];
        delete headers['content-length']; // the body is compared, with the address replaced
        const answer = JSON.stringify({ accept, status: response.status(), headers, body: await response.text() });
        answers.push(JSON.parse(answer.replaceAll(encodeURIComponent(email), 'EMAIL').replaceAll(email, 'EMAIL')));
      }
    }
    const [jsonKnown, htmlKnown, ...rest] = answers;
    for (const [i, answer] of rest.entries()) {
      expect(answer, `answer ${i + 2}`).toEqual(i % 2 === 0 ? jsonKnown : htmlKnown);
    }
    expect(htmlKnown.status).toBe(302);
    expect(htmlKnown.headers['location']).toBe('/auth/forgot?sent=1');
  });

  test('emailed links ignore the Host and X-Forwarded-Host of the request', async ({ request }) => {
    const person = createAccount('owner');
    const response = await request.post('/api/auth/forgot', {
      form: { email: person.email },
      headers: { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https', Host: 'evil.example' },
    });
    expect(response.status()).toBe(200);
    const link = resetLinkIn(await waitForMail(person.email, /^Reset your/));
    expect(link.startsWith(`${SELF}/auth/reset/code?token=`)).toBe(true);
  });

  test('no issued token reaches the log or the database files', async ({ request }) => {
    const person = createAccount('consumer');
    await request.post('/api/auth/forgot', { form: { email: person.email } });
    const token = new URL(resetLinkIn(await waitForMail(person.email, /^Reset your/))).searchParams.get('token')!;
    // The link is opened and used, so every code path that touches it has run.
    expect((await request.get(`/auth/reset/code?token=${token}`)).status()).toBe(200);
    const reset = await request.post('/api/auth/reset', {
      form: { token, password: 'a brand new passphrase', confirm: 'a brand new passphrase' },
    });
    expect(reset.status()).toBe(200);
    await expect.poll(() => readFileSync(SERVER_LOG, 'utf8').includes('password reset')).toBe(true);
    expect(readFileSync(SERVER_LOG, 'utf8')).not.toContain(token);
    expect(readFileSync(SERVER_LOG, 'utf8')).not.toContain('a brand new passphrase');
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) {
      if (existsSync(file)) {
        expect(readFileSync(file).includes(Buffer.from(token)), file).toBe(false);
      }
    }
  });

  test('authentication events are in the audit log, with the client', async ({ request, clientIp }) => {
    const person = createAccount('owner');
    await request.post('/api/auth/login', { form: { email: person.email, password: 'wrong password here' } });
    await request.post('/api/auth/login', { form: { email: person.email, password: person.password } });
    const log = latchkey(['audit', '--email', person.email]);
    const lines = log.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`\\tlogin_succeeded\\t${person.email}\\taccount=\\d+\\t${clientIp.replace(/\./g, '\\.')}\\t`));
    expect(lines[1]).toContain('\tlogin_failed\t');
    expect(log).not.toContain(person.password);
  });
});

test('errors carried in a page URL show only the fixed message of their kind', async ({ page }) => {
  // Anyone can write such a URL and send it to someone: its free text must never be shown.
  const carried = (error: object) => {
    const base64 = Buffer.from(JSON.stringify(error)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    return `/auth/login?__path=${encodeURIComponent('/api/auth/login')}&__err=${encodeURIComponent(base64)}`;
  };
  const lure = 'Your account is locked: call +1 555 0100 now';
  await page.goto(carried({ error: 'bad_request', message: lure }));
  await expect(page.getByRole('alert')).toContainText('The request could not be read: a field is missing, sent twice, or malformed.');
  await expect(page.getByText(lure)).toHaveCount(0);
  await page.goto(
    carried({ error: 'invalid', fields: [{ field: 'password', problem: 'password_missing', message: lure }] }),
  );
  await expect(page.locator('#password-error')).toHaveText('Enter your password.');
  await expect(page.locator('.form-alert a[href="#password"]')).toHaveText('Enter your password.');
  await expect(page.getByText(lure)).toHaveCount(0);
});
