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
  // A failed test reports what went wrong inside the page too (a panic in the wasm, say).
  page: async ({ page }, use, testInfo) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await use(page);
    if (testInfo.status !== testInfo.expectedStatus && problems.length > 0) {
      await testInfo.attach('browser errors', { body: problems.join('\n'), contentType: 'text/plain' });
      console.log(`browser errors in "${testInfo.title}":\n${problems.join('\n')}`);
    }
  },
});

export { expect } from '@playwright/test';
