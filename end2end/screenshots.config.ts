import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// `make screenshots`: every page, light and dark, desktop and phone width, into
// docs/screenshots/. The same servers as the tests; JavaScript on (the pages look the same off).
export default defineConfig({
  ...base,
  testDir: './screenshots',
  reporter: [['list']],
  projects: [{ name: 'screenshots', use: { ...base.use, javaScriptEnabled: true } }],
});
