// The server under test: the release binary on its own port and its own SQLite database.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { MAIL_SMTP_PORT } from './mail';

export const PORT = Number(process.env.LATCHKEY_E2E_PORT ?? 3107);
const root = path.resolve(__dirname, '../../..');
const work = path.join(root, 'target', 'e2e');
const binary = path.join(root, 'target', 'release', 'latchkey');

// Loaded once by the config (before the server starts) and again in each worker: only the
// config's load may start from a clean slate.
if (!process.env.E2E_SERVER_PREPARED) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  process.env.E2E_SERVER_PREPARED = '1';
}

export const serverEnv: Record<string, string> = {
  LATCHKEY_ADDR: `127.0.0.1:${PORT}`,
  LATCHKEY_DATABASE_URL: `sqlite://${work}/e2e.db?mode=rwc`,
  LATCHKEY_SMTP_URL: `smtp://127.0.0.1:${MAIL_SMTP_PORT}`,
  LATCHKEY_MAIL_FROM: 'Acme API Portal <portal@acme.example>',
  LATCHKEY_PORTAL_NAME: 'Acme API Portal',
  // Tests arrive with their own X-Forwarded-For (see fixtures.ts).
  LATCHKEY_TRUST_PROXY: 'true',
  // Everything is logged, so that a test can show no secret reaches the log at any level.
  LATCHKEY_LOG: 'debug,hyper=info,hyper_util=info,h2=info,rustls=info,tower=info',
  LATCHKEY_SITE_ROOT: path.join(root, 'target', 'site'),
  // API Consumers may create their own accounts (signup.spec.ts tries approval on a server of its own).
  LATCHKEY_SIGNUP: 'open',
};

/** Runs the latchkey CLI against the test server's database. */
/** Where the server's log goes, so tests can check what it does not contain. */
export const SERVER_LOG = path.join(work, 'server.log');
/** The server's SQLite database file. */
export const DATABASE_FILE = path.join(work, 'e2e.db');

export function latchkey(args: string[], input?: string, env: Record<string, string> = {}): string {
  return execFileSync(binary, args, {
    env: { ...process.env, ...serverEnv, ...env },
    input,
    encoding: 'utf8',
  });
}

export type Role = 'owner' | 'consumer';

/** A new account with a unique email, created through the CLI as an operator would. */
export function createAccount(role: Role, password = 'correct horse battery staple') {
  const email = `e2e-${randomBytes(6).toString('hex')}@example.com`;
  latchkey(['user', 'add', '--email', email, '--role', role, '--password-stdin'], `${password}\n`);
  return { email, password };
}
