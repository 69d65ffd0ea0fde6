import path from 'node:path';
import { expect, type Page } from '@playwright/test';

const out = path.resolve(__dirname, '../../docs/screenshots');
export const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const sizes = { desktop: { width: 1200, height: 800 }, phone: { width: 320, height: 640 } };

/** `name` in docs/screenshots/, light and dark, desktop and phone width; fails where the layout
 * is wider than a phone. */
export async function shoot(page: Page, name: string) {
  for (const [size, viewport] of Object.entries(sizes)) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme });
      // The layout holds at phone width: nothing wider than the screen but the tables' own scroller.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth)
          .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
      );
      expect(overflow, `${name} at ${size}: ${wide.join(', ')}`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(out, `${name}-${colorScheme}-${size}.png`), fullPage: true });
    }
  }
}
