// Extra processes for fault-injection tests: a latchkey server and a maildev that a test can
// stop, kill and start again on ports of its own.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

async function waitFor(url: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export class Mailbox {
  private process?: ChildProcess;
  constructor(readonly smtpPort: number, readonly webPort: number) {}

  async start() {
    this.process = spawn(
      path.join(__dirname, '../../node_modules/.bin/maildev'),
      ['--smtp', `${this.smtpPort}`, '--web', `${this.webPort}`, '--ip', '127.0.0.1', '--web-ip', '127.0.0.1'],
      { stdio: 'ignore' },
    );
    await waitFor(`http://127.0.0.1:${this.webPort}/api/healthz`);
  }

  async messages(to: string): Promise<{ subject: string }[]> {
    const all = (await (await fetch(`http://127.0.0.1:${this.webPort}/api/email`)).json()) as {
      subject: string;
      to: { address: string }[];
    }[];
    return all.filter((m) => m.to.some((t) => t.address === to));
  }

  stop() {
    this.process?.kill('SIGKILL');
  }
}

export class LatchkeyProcess {
  private process?: ChildProcess;
  constructor(readonly port: number, readonly env: Record<string, string>) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    mkdirSync(this.env.WORK_DIR, { recursive: true });
    this.process = spawn(path.join(root, 'target/release/latchkey'), ['serve'], {
      env: { ...process.env, ...this.env, LATCHKEY_ADDR: `127.0.0.1:${this.port}`, LATCHKEY_LOG: 'warn' },
      cwd: this.env.WORK_DIR,
      stdio: 'ignore',
    });
    await waitFor(`${this.url}/readyz`);
  }

  /** The reset email's line of `latchkey mail list` (kind, state, attempts), or ''. */
  resetMail(): string {
    const list = execFileSync(path.join(root, 'target/release/latchkey'), ['mail', 'list'], {
      env: { ...process.env, ...this.env, LATCHKEY_LOG: 'warn' },
      cwd: this.env.WORK_DIR,
      encoding: 'utf8',
    });
    return list.split('\n').find((line) => line.includes('\treset_link\t')) ?? '';
  }

  /** kill -9: no chance to finish anything. Resolves once the process is gone, so that its port
   * is free for the next start. */
  async crash() {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }

  stop() {
    this.process?.kill('SIGTERM');
  }
}

/** A Latchkey of a spec's own, for tests that need settings the shared server does not have:
 * `settings` over a fresh SQLite database and folder under target/ (`e2e-<name>-<project>`),
 * on `port` plus the project's index (JavaScript off and on run in workers of their own). */
export class OwnServer extends LatchkeyProcess {
  constructor(name: string, port: number, settings: Record<string, string>) {
    const project = Number(process.env.TEST_PARALLEL_INDEX ?? '0');
    const work = path.join(root, 'target', `e2e-${name}-${project}`);
    rmSync(work, { recursive: true, force: true });
    super(port + project, {
      WORK_DIR: path.join(work, 'latchkey'),
      LATCHKEY_DATABASE_URL: `sqlite://${work}/latchkey/${name}.db?mode=rwc`,
      LATCHKEY_SITE_ROOT: path.join(root, 'target', 'site'),
      ...settings,
    });
    mkdirSync(this.env.WORK_DIR, { recursive: true });
  }

  /** `latchkey <args>` on this server's database, with `input` on its standard input; its output. */
  cli(args: string[], input?: string): string {
    return execFileSync(path.join(root, 'target/release/latchkey'), args, {
      env: { ...process.env, ...this.env, LATCHKEY_LOG: 'warn' },
      cwd: this.env.WORK_DIR,
      input,
      encoding: 'utf8',
    });
  }

  /** A new account with `password`. */
  addUser(email: string, role: 'owner' | 'consumer', password: string) {
    this.cli(['user', 'add', '--email', email, '--role', role, '--password-stdin'], `${password}\n`);
  }
}
