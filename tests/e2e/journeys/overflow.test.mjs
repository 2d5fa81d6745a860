// Long unbroken strings (a 200-character blocker title, a pasted URL, a long field name) wrap
// inside their card on every screen, at 1440×900 and 1024×700, and on the read-only status
// page a partner opens in a browser (its blockers table ran 750 px past its card).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, byText, cli, screenshot, SCREENS } from '../lib/app.mjs';

const LONG = 'X'.repeat(200);
const URL = 'https://ledgerly.example/integrations/billing/webhooks/' + 'invoice_overdue_'.repeat(6);

function prepare(dir, shared) {
  const project = cli(dir, 'demo').project;
  const people = cli(dir, 'person', 'list', '--project', project);
  const jonas = people.find((p) => p.name === 'Jonas Lind').id;
  cli(dir, 'blocker', 'add', '--project', project, '--title', LONG, '--class', 'access', '--waiting-on', 'partner',
    '--owner', jonas);
  cli(dir, 'criterion', 'add', '--project', project, '--text', URL);
  cli(dir, 'boundary', 'add', '--project', project, '--text', LONG);
  cli(dir, 'story', 'add', '--project', project, '--text', URL);
  cli(dir, 'checklist', 'add', '--project', project, '--list', 'runbook', '--text', URL);
  cli(dir, 'milestone', 'add', '--project', project, '--track', 'build', '--kind', 'custom', '--title', LONG,
    '--planned', '2027-02-10');
  cli(dir, 'decision', 'add', '--project', project, '--question', URL, '--decision', LONG, '--by', jonas);
  cli(dir, 'sync', 'link', '--project', project, '--folder', shared);
  return project;
}

/** What sticks out of the card (or dialog) it is in, on the screen shown now. */
function sticking(browser) {
  return browser.execute(() => {
    const out = [];
    const boxes = [...document.querySelectorAll('#main .card, #main section, [role=dialog]')];
    for (const box of boxes) {
      if (box.getClientRects().length === 0) continue;
      const b = box.getBoundingClientRect();
      for (const e of box.querySelectorAll('*')) {
        if (e.getClientRects().length === 0) continue;
        // Inside a box of its own that scrolls or clips, it is that box's to hold.
        let scroller = false;
        for (let p = e.parentElement; p && p !== box; p = p.parentElement) {
          if (/auto|scroll|hidden|clip/.test(getComputedStyle(p).overflowX)) scroller = true;
        }
        if (scroller) continue;
        const r = e.getBoundingClientRect();
        if (r.right > b.right + 1) {
          const what = e.getAttribute('aria-label') || e.textContent.trim().slice(0, 24) || e.tagName;
          out.push(`${what} (${Math.round(r.right - b.right)}px past its card)`);
          break;
        }
      }
    }
    return out;
  });
}

test('long unbroken strings wrap inside their card on every screen and on the status page', async () => {
  const shared = mkdtempSync(join(tmpdir(), 'seamline-shared-'));
  let project;
  const { browser, dataDir, close } = await openApp({ prepare: (dir) => (project = prepare(dir, shared)) });
  try {
    const problems = [];
    for (const [width, height] of [[1440, 900], [1024, 700]]) {
      await browser.setWindowSize(width, height);
      await (await byText(browser, 'a', 'CRM to billing sync')).click();
      await byText(browser, 'h1', 'CRM to billing sync');
      for (const screen of SCREENS) {
        await (await (await browser.$('nav.sidebar')).$(`a=${screen}`)).click();
        await browser.pause(500);
        for (const p of await sticking(browser)) problems.push(`${width}×${height} ${screen}: ${p}`);
      }
      await (await (await browser.$('nav.sidebar')).$('a=Blockers')).click();
      await browser.pause(500);
      await screenshot(browser, `overflow-blockers-${width}`);
    }

    // The status page, in a 1280 px wide browser, opened with its view code.
    await browser.setWindowSize(1280, 900);
    const { view_code: code } = cli(dataDir, 'sync', 'status', '--project', project);
    await browser.url(`file://${join(shared, 'Project status.html')}`);
    await (await browser.$('#c')).setValue(code);
    await browser.execute(() => document.getElementById('f').requestSubmit());
    await (await browser.$('h2*=Open blockers')).waitForDisplayed({ timeout: 10000 });
    const page = await browser.execute(() =>
      [...document.querySelectorAll('section')].flatMap((s) => {
        const b = s.getBoundingClientRect();
        return [...s.querySelectorAll('table, td, li, p, pre')]
          .filter((e) => e.getBoundingClientRect().right > b.right + 1)
          .map((e) => `${s.querySelector('h2')?.textContent}: ${e.tagName} ${Math.round(e.getBoundingClientRect().right - b.right)}px past its card`)
          .slice(0, 1);
      }),
    );
    for (const p of page) problems.push(`status page: ${p}`);
    await (await browser.$('h2*=Open blockers')).scrollIntoView({ block: 'start' });
    await screenshot(browser, 'overflow-status-page');
    assert.deepEqual(problems, [], problems.join('\n'));
  } finally {
    await close();
  }
});
