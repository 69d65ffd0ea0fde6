// axe on a page as people meet it: with JavaScript off and on, in the light and the dark theme.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** axe in the light and in the dark theme. */
export async function expectAccessible(page: Page, what: string) {
  const scripted = test.info().project.use.javaScriptEnabled !== false;
  // axe is a script: without JavaScript, the page as the browser rendered it (its HTML, with
  // the site's stylesheet) is checked in a second page whose own scripts never run.
  const checked = scripted ? page : await copyWithoutScripts(page);
  const checks: { what: string; found: string[]; passes: number }[] = [];
  // Dark first: the page is left in the light theme, as it came.
  for (const colorScheme of ['dark', 'light'] as const) {
    await checked.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page: checked })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const found = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    checks.push({ what: `${what} (${colorScheme})`, found, passes: results.passes.length });
  }
  if (!scripted) await checked.context().close();
  for (const { what, found, passes } of checks) {
    expect(found, what).toEqual([]);
    // A real page was checked (the copy's document arrived, with its labels, headings, …).
    expect(passes, what).toBeGreaterThan(5);
  }
}

async function copyWithoutScripts(page: Page): Promise<Page> {
  const [url, html] = [page.url(), await page.content()];
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
  const copy = await context.newPage();
  await copy.route('**/*', (route) => {
    const request = route.request();
    if (request.resourceType() === 'document') return route.fulfill({ contentType: 'text/html', body: html });
    if (request.resourceType() === 'script' || request.url().endsWith('.wasm')) return route.abort();
    return route.continue();
  });
  await copy.goto(url);
  return copy;
}
