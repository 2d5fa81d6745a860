// A long blocker list in the real window: on the large generated workspace a project has over
// two hundred open blockers. The list keeps only the rows in view in the page, yet shows every
// blocker in the right order from the top to the bottom, keeps its header in view while it
// scrolls, and switches to a plain table when a filter makes it short.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, byText, cliAt, screenshot } from '../lib/app.mjs';

const NOW = { SEAMLINE_NOW: '2027-01-15T10:00:00Z' };

/** The list in the screen's default order: oldest first (a stable sort of the list by age). */
const oldestFirst = (list) => list.toSorted((a, b) => b.age_business_days - a.age_business_days);

/** The titles of the blocker rows in the page, top to bottom. */
const titlesInPage = (browser) =>
  browser.execute(() =>
    [...document.querySelectorAll('table tbody tr:not(.pad) .name')].map((e) => e.textContent),
  );

test('a project with hundreds of blockers scrolls through all of them', async () => {
  let project;
  let open;
  const app = await openApp({
    env: NOW,
    prepare: (dir) => {
      const demo = cliAt(NOW, dir, 'demo', '--scale', 'large');
      project = cliAt(NOW, dir, 'project', 'show', '--project', demo.projects[0]);
      open = oldestFirst(cliAt(NOW, dir, 'blocker', 'list', '--project', project.id, '--open'));
    },
  });
  try {
    const { browser } = app;
    assert.ok(open.length > 150, `the large workspace's first project has many open blockers (${open.length})`);
    await (await byText(browser, 'a', project.name, 20000)).click();
    await byText(browser, 'h1', project.name);
    await (await browser.$('a=Blockers')).click();
    await byText(browser, 'strong', String(open.length));

    // Only a window of rows is in the page, starting with the oldest.
    let titles = await titlesInPage(browser);
    assert.ok(titles.length > 5 && titles.length < 80, `rows in the page: ${titles.length}`);
    assert.deepEqual(titles.slice(0, 5), open.slice(0, 5).map((b) => b.title));
    await screenshot(browser, 'large-blockers-top');

    // Scrolled to the end: the last blockers, in order, with the header still in view.
    await browser.execute(() => {
      const box = document.querySelector('.table-scroll');
      box.scrollTop = box.scrollHeight;
    });
    const last = open.slice(-3).map((b) => b.title);
    await browser.waitUntil(async () => (await titlesInPage(browser)).slice(-3).join('|') === last.join('|'), {
      timeout: 5000,
      timeoutMsg: 'the last blockers never showed at the bottom of the list',
    });
    titles = await titlesInPage(browser);
    assert.ok(titles.length < 80, `still a window of rows after scrolling: ${titles.length}`);
    const header = await browser.execute(() => {
      const box = document.querySelector('.table-scroll').getBoundingClientRect();
      const th = document.querySelector('.table-scroll th').getBoundingClientRect();
      return { box: box.top, th: th.top };
    });
    assert.ok(Math.abs(header.th - header.box) < 2, `the header stays at the top of the list: ${JSON.stringify(header)}`);
    await screenshot(browser, 'large-blockers-bottom');

    // A filter that leaves a short list shows all of it as a plain table.
    await (await browser.$('select[aria-label="Class"]')).selectByAttribute('value', 'legal');
    const legal = open.filter((b) => b.class === 'legal');
    assert.ok(legal.length > 0 && legal.length <= 80, `legal blockers: ${legal.length}`);
    await browser.waitUntil(async () => (await titlesInPage(browser)).length === legal.length, {
      timeout: 5000,
      timeoutMsg: 'the filtered list did not show every legal blocker',
    });
    assert.deepEqual(await titlesInPage(browser), legal.map((b) => b.title));
  } finally {
    await app.close();
  }
});
