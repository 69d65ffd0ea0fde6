// Webhooks (CONTRACT.md §15), checked by an implementation nobody here wrote: the
// `standardwebhooks` package verifies every post a receiver run by the test gets. The receiver
// is down when the first events happen and refuses its first post: every event still arrives,
// in order, with the id it was first tried with.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { expect, test } from './support/fixtures';
import { MAIL_SMTP_PORT } from './support/mail';
import { OwnServer } from './support/processes';
import { confirmAddress, newAddress, signUp } from './support/signup';

const root = path.resolve(__dirname, '../..');
const project = Number(process.env.TEST_PARALLEL_INDEX ?? '0');
const RECEIVER_PORT = 3225 + project;
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const settings = {
  LATCHKEY_SMTP_URL: `smtp://127.0.0.1:${MAIL_SMTP_PORT}`,
  LATCHKEY_PORTAL_NAME: 'Acme API Portal',
  LATCHKEY_TRUST_PROXY: 'true',
  LATCHKEY_SIGNUP: 'open',
  LATCHKEY_WEBHOOK_URL: `http://127.0.0.1:${RECEIVER_PORT}/hooks`,
  LATCHKEY_WEBHOOK_SECRET: SECRET,
};


interface Received {
  id: string;
  body: string;
  headers: Record<string, string>;
  verified?: { type: string; timestamp: string; data: { account: number; email: string; role: string } };
}

/** A webhook receiver that answers 503 to its first `refuse` posts and 204 to the rest, after
 * checking each with the Standard Webhooks library (a post that fails the check gets 400). */
async function startReceiver(refuse: number) {
  const posts: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(
        ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(req.headers[name])]),
      );
      const post: Received = { id: headers['webhook-id'], body, headers };
      posts.push(post);
      if (posts.length <= refuse) return res.writeHead(503).end();
      try {
        post.verified = new Webhook(SECRET).verify(body, headers) as Received['verified'];
        res.writeHead(204).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(RECEIVER_PORT, '127.0.0.1', resolve));
  return { posts, close: () => server.close() };
}

test.describe('webhooks', () => {
  test.describe.configure({ mode: 'serial' });
  let server: OwnServer;
  const latchkey = (args: string[]) => server.cli(args);

  test.beforeAll(async () => {
    server = new OwnServer('webhooks', 3215, settings);
    await server.start();
  });

  test.afterAll(() => server?.stop());

  test('every event arrives signed and in order after the receiver was down', async ({ page }) => {
    test.setTimeout(90_000);
    const email = newAddress();
    await signUp(page, server.url, email);
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
    await confirmAddress(page, email);
    await expect(page.getByRole('heading', { name: 'Your account is ready' })).toBeVisible();
    latchkey(['user', 'disable', '--email', email]);
    latchkey(['user', 'enable', '--email', email]);

    // Nothing listens yet: the first attempt fails, and the rest wait behind it.
    await expect.poll(() => latchkey(['webhook', 'list']), { timeout: 10_000 }).toContain('cannot connect');
    const receiver = await startReceiver(1);
    try {
      await expect.poll(() => receiver.posts.filter((p) => p.verified).length, { timeout: 60_000 }).toBe(4);
      const [refused, ...rest] = receiver.posts;
      const delivered = rest.filter((p) => p.verified);
      expect(delivered).toHaveLength(rest.length);
      expect(delivered.map((p) => p.verified?.type)).toEqual([
        'account.signed_up',
        'account.confirmed',
        'account.disabled',
        'account.enabled',
      ]);
      // The refused post comes again with the same id and body, signed at its new time.
      expect(delivered[0].id).toBe(refused.id);
      expect(delivered[0].body).toBe(refused.body);
      expect(delivered[0].headers['webhook-timestamp']).not.toBe(refused.headers['webhook-timestamp']);
      expect(new Set(delivered.map((p) => p.id)).size).toBe(4);
      for (const post of delivered) {
        expect(post.verified?.data).toEqual({ account: expect.any(Number), email, role: 'consumer' });
        expect(post.body).not.toMatch(/token|http|passphrase/);
        // The library does check: a changed body or another key fails.
        expect(() => new Webhook(SECRET).verify(`${post.body} `, post.headers)).toThrow();
        expect(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(post.body, post.headers)).toThrow();
      }
      const list = latchkey(['webhook', 'list']);
      expect(list.split('\n').filter((line) => line.includes('\tdelivered '))).toHaveLength(4);
      expect(latchkey(['webhook', 'list', '--failed'])).toBe('');
    } finally {
      receiver.close();
    }
  });
});

test('start-up refuses a webhook URL that would send events in the clear', () => {
  let message = '';
  try {
    execFileSync(path.join(root, 'target/release/latchkey'), ['migrate'], {
      env: { ...process.env, ...settings, LATCHKEY_WEBHOOK_URL: 'http://crm.example.com/hooks', LATCHKEY_LOG: 'warn' },
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    message = String((error as { stderr: string }).stderr);
  }
  expect(message.trim().split('\n')).toEqual([
    "latchkey: LATCHKEY_WEBHOOK_URL: 'http://crm.example.com/hooks' must be https:// (http:// only to this machine: localhost, 127.0.0.1, [::1])",
  ]);
});
