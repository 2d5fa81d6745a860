// Layouts that hold on a laptop screen: every column of the mapping table in view at the full
// window, every field name in it whole; at 1440×900 and 1024×700, in light and dark mode, with long unbroken words, a long
// name and right-to-left text, no screen scrolls sideways or opens where the last was scrolled
// to, no picker cuts its choice, no one-line field is drawn tall,
// right-to-left text reads from the right, and the timeline's labels do not sit on each other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, byText, cli, screenshot, portfolioAt, SCREENS } from '../lib/app.mjs';

const LONG_WORD = 'ERR_SANDBOX_TENANT_PROVISIONING_TIMEOUT_'.repeat(3) + 'https://ledgerly.example/very/long/path';

test('every screen holds at both sizes and in both themes with long and right-to-left content', async () => {
  let project;
  const { browser, close } = await openApp({
    prepare: (dir) => {
      project = cli(dir, 'demo').project;
      const people = cli(dir, 'person', 'list', '--project', project);
      const jonas = people.find((p) => p.name === 'Jonas Lind').id;
      cli(dir, 'blocker', 'add', '--project', project, '--title', LONG_WORD, '--class', 'access',
        '--waiting-on', 'partner', '--owner', jonas);
      cli(dir, 'person', 'add', '--project', project, '--side', 'partner', '--name',
        'Maximiliane Alexandra von Hohenzollern-Sigmaringen-Württemberg', '--title', 'مديرة الشراكات');
      cli(dir, 'blocker', 'add', '--project', project, '--title', 'مفاتيح واجهة البرمجة للبيئة التجريبية',
        '--class', 'decision', '--waiting-on', 'partner', '--owner', jonas);
    },
  });
  try {
    await (await byText(browser, 'a', 'CRM to billing sync')).click();
    await byText(browser, 'h1', 'CRM to billing sync');
    // At the full window every column of the mapping table is in view, none behind a scroll.
    await (await (await browser.$('nav.sidebar')).$('a=Contract')).click();
    await byText(browser, 'h2', 'Field mapping');
    const hidden = await browser.execute(() => {
      const table = document.querySelector('table.mapping');
      const box = table.parentElement.getBoundingClientRect();
      return [...table.querySelectorAll('thead th')]
        .filter((th) => th.getBoundingClientRect().right > box.right + 1)
        .map((th) => th.textContent.trim() || 'Remove');
    });
    assert.deepEqual(hidden, [], 'every column of the mapping table is in view');
    await (await browser.$('table.mapping')).scrollIntoView();
    await screenshot(browser, 'contract-mapping');

    // Both sizes, both themes: a theme changes no width, but its screenshots are looked at too.
    const problems = [];
    for (const [theme, width, height] of [
      ['light', 1440, 900],
      ['light', 1024, 700],
      ['dark', 1024, 700],
    ]) {
      await portfolioAt(browser, { theme, width, height });
      // A mark in the page: a link that reloads the whole app instead of routing drops it.
      await browser.execute(() => (window.__sameApp = true));
      await (await byText(browser, 'a', 'CRM to billing sync')).click();
      await byText(browser, 'h1', 'CRM to billing sync');
      const at = `${theme} ${width}×${height}`;
      for (const screen of SCREENS) {
        await (await (await browser.$('nav.sidebar')).$(`a=${screen}`)).click();
        await browser.pause(500);
        if (!(await browser.execute(() => window.__sameApp === true))) {
          problems.push(`${at} ${screen}: the link reloaded the whole app`);
          await browser.execute(() => (window.__sameApp = true));
        }
        // A screen opens at its top, not where the screen before it was scrolled to.
        const opensAt = await browser.execute(() => document.getElementById('main').scrollTop);
        if (opensAt > 0) problems.push(`${at} ${screen}: opens scrolled ${opensAt}px down`);
        const wide = await browser.execute(() => {
          const main = document.getElementById('main');
          // Tables may scroll inside their own box; the screen itself must not.
          return main.scrollWidth - main.clientWidth;
        });
        if (wide > 1) problems.push(`${at} ${screen}: ${wide}px too wide`);
        // Every picker shows its choice in full ("Ledge" for "Ledgerly" was the complaint):
        // the chosen option's text, measured in the picker's own font, plus its insets, fits.
        const cut = await browser.execute(() => {
          const ctx = document.createElement('canvas').getContext('2d');
          return [...document.querySelectorAll('#main select')]
            .filter((s) => s.getClientRects().length > 0)
            .flatMap((s) => {
              const cs = getComputedStyle(s);
              ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
              const text = s.selectedOptions[0]?.textContent.trim() ?? '';
              const need = ctx.measureText(text).width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight)
                + parseFloat(cs.borderLeftWidth) + parseFloat(cs.borderRightWidth);
              const has = s.getBoundingClientRect().width;
              return need > has + 1 ? [`${s.getAttribute('aria-label') ?? s.id} "${text}" needs ${Math.ceil(need)}px, has ${Math.floor(has)}`] : [];
            });
        });
        for (const c of cut) problems.push(`${at} ${screen}: picker cut: ${c}`);
        // No control is cut off by a box that hides its overflow (the RACI's bins were).
        const clipped = await browser.execute(() =>
          [...document.querySelectorAll('#main button, #main a, #main select, #main input')]
            .filter((e) => e.getClientRects().length > 0)
            .flatMap((e) => {
              const r = e.getBoundingClientRect();
              for (let box = e.parentElement; box && box.id !== 'main'; box = box.parentElement) {
                const o = getComputedStyle(box);
                if (!/hidden|clip/.test(o.overflowX + o.overflow)) continue;
                const b = box.getBoundingClientRect();
                if (r.right > b.right + 1 || r.left < b.left - 1)
                  return [`${e.getAttribute('aria-label') || e.textContent.trim().slice(0, 30) || e.tagName} (${Math.round(r.right - b.right)}px)`];
              }
              return [];
            }),
        );
        for (const c of clipped) problems.push(`${at} ${screen}: control cut off: ${c}`);
        // A one-line field stays one line high (a textarea's style once caught Cadence's inputs).
        const tall = await browser.execute(() =>
          [...document.querySelectorAll('#main input:not([type=checkbox]):not([type=radio]), #main select')]
            .filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().height > 48)
            .map((e) => `${e.id || e.getAttribute('aria-label') || e.name} ${Math.round(e.getBoundingClientRect().height)}px`),
        );
        for (const t of tall) problems.push(`${at} ${screen}: one-line field too tall: ${t}`);
        // No word stands as a column of letters (a label in a narrow box, or one that breaks
        // anywhere, as a long unbroken string may, squeezed to one letter a line).
        const squeezed = await browser.execute(() =>
          [...document.querySelectorAll('#main *')]
            .filter((e) => e.children.length === 0 && e.textContent.trim().length >= 4 && e.getClientRects().length > 0)
            .filter((e) => {
              const r = e.getBoundingClientRect();
              const size = parseFloat(getComputedStyle(e).fontSize);
              return r.width < 1.6 * size && r.height > 2.6 * size;
            })
            .map((e) => e.textContent.trim().slice(0, 20)),
        );
        for (const w of squeezed) problems.push(`${at} ${screen}: squeezed to a column of letters: ${w}`);
        if (width === 1024 && ['Overview', 'Blockers', 'Contract', 'Tracks', 'RACI', 'Activity'].includes(screen)) {
          await screenshot(browser, `small-${theme === 'dark' ? 'dark-' : ''}${screen.toLowerCase()}`);
        }
        if (screen === 'Contract') {
          // A field's name is read whole in its cell ("amount_minor" read "amount_mino").
          const cutNames = await browser.execute(() =>
            [...document.querySelectorAll('table.mapping input')]
              .filter((e) => /: (Object|.+ field)$/.test(e.getAttribute('aria-label') ?? ''))
              .filter((e) => e.scrollWidth > e.clientWidth + 1)
              .map((e) => e.value),
          );
          for (const c of cutNames) problems.push(`${at} Contract: field name cut: ${c}`);
        }
        if (screen === 'Blockers') {
          // Right-to-left text reads from the right in its own cell; the rest of the table
          // keeps the app's direction.
          const dirs = await browser.execute(() =>
            [...document.querySelectorAll('td.title .name')].map((e) => [e.textContent.trim(), getComputedStyle(e).direction]),
          );
          const arabic = dirs.find(([t]) => t.startsWith('مفاتيح'));
          assert.equal(arabic?.[1], 'rtl', `${at}: the Arabic title is laid out right to left`);
          assert.ok(dirs.some(([t, d]) => t.startsWith('ERR_') && d === 'ltr'), `${at}: an English title stays left to right`);
        }
        if (screen === 'Tracks') {
          const overlaps = await browser.execute(() => {
            const labels = [...document.querySelectorAll('.axis .month .name, .today span, .gate span')]
              .map((e) => ({ text: e.textContent.trim(), r: e.getBoundingClientRect() }));
            const out = [];
            for (let i = 0; i < labels.length; i++)
              for (let j = i + 1; j < labels.length; j++) {
                const a = labels[i].r, b = labels[j].r;
                const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
                if (!apart) out.push(`${labels[i].text} / ${labels[j].text}`);
              }
            return out;
          });
          if (overlaps.length) problems.push(`${at} Tracks: labels overlap: ${overlaps.join(', ')}`);
          // The demo's plan spans a few months: every month is named, none left out for Today.
          const unnamed = await browser.execute(() =>
            [...document.querySelectorAll('.axis .month')].filter((m) => !m.querySelector('.name')).length,
          );
          const named = await browser.execute(() => document.querySelectorAll('.axis .month .name').length);
          if (unnamed > 0 || named < 2) problems.push(`${at} Tracks: ${named} months named, ${unnamed} not`);
        }
        // Leave it scrolled to its end, as a user reading it would.
        await browser.execute(() => {
          const main = document.getElementById('main');
          main.scrollTop = main.scrollHeight;
        });
      }
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  } finally {
    await close();
  }
});
