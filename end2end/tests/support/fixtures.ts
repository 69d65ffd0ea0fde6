// Every test is its own client, arriving from its own address through a (trusted) proxy, so
// per-IP limits apply to each test as they would to each person.
import { test as base } from '@playwright/test';
import { randomBytes } from 'node:crypto';

export function randomClientIp(): string {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

export const test = base.extend<{ clientIp: string }>({
  clientIp: async ({}, use) => use(randomClientIp()),
  extraHTTPHeaders: async ({ clientIp }, use) => use({ 'X-Forwarded-For': clientIp }),
});

export { expect } from '@playwright/test';
