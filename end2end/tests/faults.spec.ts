import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect, test } from './support/fixtures';
import { LatchkeyProcess, Mailbox } from './support/processes';

// Each test runs its own server and mail server on ports of its own, so it can break them.
const work = path.resolve(__dirname, '../../target/e2e-faults');

function setUp(name: string, port: number, smtpPort: number) {
  const dir = path.join(work, name);
  const env = {
    WORK_DIR: dir,
    LATCHKEY_DATABASE_URL: `sqlite://${dir}/faults.db?mode=rwc`,
    LATCHKEY_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
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
      server.crash();
      await mailbox.start();
      await server.start();
      await expect.poll(() => server.resetMail(), { timeout: 60_000 }).toMatch(/\tsent /);
      await expect.poll(async () => (await mailbox.messages('ada@example.com')).length).toBe(1);
    } finally {
      server.stop();
      mailbox.stop();
    }
  });
});
