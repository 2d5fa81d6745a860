// Accessibility on every screen, in light and dark mode: axe-core (injected through
// WebDriver) finds no serious or critical violation of WCAG 2 A/AA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openApp, byText, cli, screenshot, portfolioAt, SCREENS } from '../lib/app.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical violations on the page as it is now. */
async function violations(browser) {
  // Evaluated by WebDriver, not as a page script: the app's CSP allows no inline script.
  if (!(await browser.execute(() => !!window.axe))) await browser.execute(`${AXE}\nreturn true;`);
  return browser.executeAsync((done) => {
    window.axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] })
      .then((r) =>
        done(
          r.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => ({
              id: v.id,
              nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1).join(' ')}`),
            })),
        ),
      )
      .catch((e) => done([{ id: 'axe-error', nodes: [String(e)] }]));
  });
}

test('no serious accessibility violation on any screen, light or dark, large or small', async () => {
  const { browser, close } = await openApp({ prepare: (dir) => cli(dir, 'demo') });
  try {
    const found = [];
    // Both themes in the default window, then both in a laptop-sized one (1024×700), where
    // wrapping and clipping can hide a label or shrink a target.
    for (const [theme, width, height] of [
      ['light', 1440, 900],
      ['dark', 1440, 900],
      ['light', 1024, 700],
      ['dark', 1024, 700],
    ]) {
      await portfolioAt(browser, { theme, width, height });
      await browser.pause(300);
      for (const v of await violations(browser)) found.push({ theme, width, screen: 'Portfolio', ...v });
      await (await byText(browser, 'a', 'CRM to billing sync')).click();
      await byText(browser, 'h1', 'CRM to billing sync');
      for (const screen of SCREENS) {
        await (await (await browser.$("nav.sidebar")).$(`a=${screen}`)).click();
        await browser.pause(600);
        for (const v of await violations(browser)) found.push({ theme, width, screen, ...v });
      }
      await (await browser.$('a=Settings')).click();
      await byText(browser, 'h1', 'Settings');
      for (const v of await violations(browser)) found.push({ theme, width, screen: 'Settings', ...v });
      if (theme === 'dark') await screenshot(browser, `settings-dark-${width}`);
    }
    assert.deepEqual(found, [], JSON.stringify(found, null, 1));
  } finally {
    await close();
  }
});
