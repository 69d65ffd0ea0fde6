import path from 'node:path';
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { expect, test } from './support/fixtures';
import { LatchkeyProcess, Mailbox } from './support/processes';

// Each test runs its own server and mail server on ports of its own, so it can break them.
const work = path.resolve(__dirname, '../../target/e2e-faults');

function setUp(name: string, port: number, smtpPort: number, extra: Record<string, string> = {}) {
  const dir = path.join(work, name);
  const env = {
    WORK_DIR: dir,
    LATCHKEY_DATABASE_URL: `sqlite://${dir}/faults.db?mode=rwc`,
    LATCHKEY_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    ...extra,
  };
  execFileSync('rm', ['-rf', dir]);
  execFileSync('mkdir', ['-p', dir]);
  execFileSync(path.resolve(__dirname, '../../target/release/latchkey'), ['user', 'add', '--email', 'ada@example.com', '--role', 'owner', '--password-stdin'], {
    env: { ...process.env, ...env, LATCHKEY_LOG: 'warn' },
    input: 'correct horse battery staple\n',
    cwd: dir,
  });
  return new LatchkeyProcess(port, env);
}

async function requestReset(server: LatchkeyProcess) {
  const response = await fetch(`${server.url}/api/auth/forgot`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'email=ada%40example.com',
  });
  expect(response.status).toBe(200);
}

test.describe('faults @http', () => {
  test.describe.configure({ timeout: 90_000 });

  test('an SMTP outage delays mail and never loses it', async () => {
    const server = setUp('smtp-outage', 3131, 1141);
    const mailbox = new Mailbox(1141, 1191);
    await server.start();
    try {
      await requestReset(server); // the mail server is down
      // The worker has tried and failed (the outbox says so), before the mail server starts.
      await expect.poll(() => server.resetMail(), { timeout: 20_000 }).toMatch(/\tpending, .*\tattempts=[1-9]/);
      await mailbox.start();
      // Once the outbox records it as sent, no further attempt can follow: then count.
      await expect.poll(() => server.resetMail(), { timeout: 45_000 }).toMatch(/\tsent /);
      await expect.poll(async () => (await mailbox.messages('ada@example.com')).length).toBe(1);
    } finally {
      server.stop();
      mailbox.stop();
    }
  });

  test('a server killed with mail pending delivers it once after restart', async () => {
    const server = setUp('kill-9', 3132, 1142);
    const mailbox = new Mailbox(1142, 1192);
    await server.start();
    try {
      await requestReset(server); // pending: the mail server is down
      await expect.poll(() => server.resetMail(), { timeout: 20_000 }).toMatch(/\tpending, /);
      await server.crash();
      await mailbox.start();
      await server.start();
      await expect.poll(() => server.resetMail(), { timeout: 60_000 }).toMatch(/\tsent /);
      await expect.poll(async () => (await mailbox.messages('ada@example.com')).length).toBe(1);
    } finally {
      server.stop();
      mailbox.stop();
    }
  });

  test('mail a server held when it was killed goes out within a minute of the restart, once each', async () => {
    test.setTimeout(180_000);
    // A slow mail server: maildev behind a link that holds every chunk the client sends for
    // 100 ms, so each message takes about half a second to hand over.
    // 40 requests from one address within a minute: above the default per-IP limit.
    const server = setUp('kill-9-mid-delivery', 3133, 1144, { LATCHKEY_RATE_LIMIT_IP_PER_MIN: '100' });
    const mailbox = new Mailbox(1143, 1193);
    const slowLink = net.createServer((client) => {
      const upstream = net.connect(1143, '127.0.0.1');
      client.on('data', (chunk) => setTimeout(() => upstream.write(chunk), 100));
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => slowLink.listen(1144, '127.0.0.1', resolve));
    const people = Array.from({ length: 40 }, (_, i) => `person${i}@example.com`);
    for (const email of people) {
      execFileSync(path.resolve(__dirname, '../../target/release/latchkey'), ['user', 'add', '--email', email, '--role', 'consumer', '--password-stdin'], {
        env: { ...process.env, ...server.env, LATCHKEY_LOG: 'warn' },
        input: 'correct horse battery staple\n',
        cwd: server.env.WORK_DIR,
      });
    }
    const delivered = async () => {
      const all = (await (await fetch('http://127.0.0.1:1193/api/email')).json()) as { to: { address: string }[] }[];
      return all.flatMap((mail) => mail.to.map((to) => to.address));
    };
    await mailbox.start();
    await server.start();
    try {
      for (const email of people) {
        const response = await fetch(`${server.url}/api/auth/forgot`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: `email=${encodeURIComponent(email)}`,
        });
        expect(response.status).toBe(200);
      }
      // Mid-delivery: a few sent, then halfway through handing over the next one.
      await expect.poll(async () => (await delivered()).length, { timeout: 30_000, intervals: [20] }).toBeGreaterThanOrEqual(5);
      await new Promise((resolve) => setTimeout(resolve, 250));
      await server.crash();
      const restarted = Date.now();
      await server.start();
      await expect.poll(async () => new Set(await delivered()).size, { timeout: 60_000 }).toBe(40);
      expect(Date.now() - restarted).toBeLessThan(60_000);
      // Nothing more follows: every message once.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const addresses = await delivered();
      expect(addresses.length).toBe(40);
      expect(new Set(addresses)).toEqual(new Set(people));
    } finally {
      server.stop();
      mailbox.stop();
      slowLink.close();
    }
  });
});
