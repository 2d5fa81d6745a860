// Dark mode as drawn, not as styled: in the system's dark mode (GTK's dark theme, which is
// what WebKitGTK follows) and with the app's dark tokens forced, an unchecked checkbox on
// Checklists and the blockers' "Mine" filter is a dark square, not the bright white one that
// read as ticked, and a toast is dark too. Colours are read from the screen's pixels: the
// computed style said "dark" while WebKitGTK drew its own white box.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openApp, byText, cli, screenshot, forceDark, SCREENSHOTS } from '../lib/app.mjs';

/** The demo, with the user saying which of its people they are (the "Mine" filter shows). */
function prepare(dir) {
  const project = cli(dir, 'demo').project;
  const maya = cli(dir, 'person', 'list', '--project', project).find((p) => p.name === 'Maya Chen').id;
  cli(dir, 'me', '--project', project, '--person', maya);
}

/** How light the inside of an element is on screen (0 black … 1 white), from a screenshot. */
async function lightness(browser, element, shot) {
  const r = await browser.execute((el) => {
    const b = el.getBoundingClientRect();
    return { x: b.x + window.screenX, y: b.y + window.screenY, w: b.width, h: b.height };
  }, element);
  // The inside, clear of the border.
  const inset = 3;
  const crop = `${Math.max(1, Math.floor(r.w - 2 * inset))}x${Math.max(1, Math.floor(r.h - 2 * inset))}+${Math.round(r.x + inset)}+${Math.round(r.y + inset)}`;
  const out = execFileSync('convert', [join(SCREENSHOTS, `${shot}.png`), '-crop', crop, '+repage',
    '-colorspace', 'Gray', '-format', '%[fx:mean]', 'info:'], { encoding: 'utf8' });
  return Number(out);
}

/** Checklists' first unchecked box and the blockers' Mine filter, each read from the screen. */
async function checkboxes(browser, theme) {
  await (await browser.$('a=Checklists')).click();
  const box = await browser.$('label.check input[type=checkbox]:not(:checked)');
  await box.waitForDisplayed();
  await box.scrollIntoView({ block: 'center' });
  await screenshot(browser, `dark-${theme}-checklists`);
  const checklist = await lightness(browser, box, `dark-${theme}-checklists`);
  await (await browser.$('a=Blockers')).click();
  const mine = await browser.$('label.mine input[type=checkbox]');
  await mine.waitForDisplayed();
  await screenshot(browser, `dark-${theme}-blockers`);
  return { checklist, mine: await lightness(browser, mine, `dark-${theme}-blockers`) };
}

test('in the system’s dark mode, unchecked boxes and toasts are dark', async () => {
  const { browser, close } = await openApp({ env: { GTK_THEME: 'Adwaita:dark' }, prepare });
  try {
    assert.equal(await browser.execute(() => matchMedia('(prefers-color-scheme: dark)').matches), true,
      'the system asks for dark');
    await (await byText(browser, 'a', 'CRM to billing sync')).click();
    await byText(browser, 'h1', 'CRM to billing sync');
    const seen = await checkboxes(browser, 'system');
    assert.ok(seen.checklist < 0.35, `an unchecked checklist box is dark (lightness ${seen.checklist})`);
    assert.ok(seen.mine < 0.35, `the unchecked Mine filter is dark (lightness ${seen.mine})`);

    // A toast: the blocker filter's CSV button is a dialog; copying the agenda says so.
    await (await browser.$('a=Cadence')).click();
    await (await byText(browser, 'h2', 'Weekly-sync agenda')).waitForDisplayed();
    await (await (await browser.$('h2=Weekly-sync agenda')).parentElement()).$('button*=Copy').click();
    const toast = await browser.$('[data-sonner-toast]');
    await toast.waitForDisplayed({ timeout: 5000 });
    // Read once it has faded in: half-way, the dark page behind it shows through.
    await browser.waitUntil(
      () => browser.execute((el) => el.dataset.mounted === 'true' && getComputedStyle(el).opacity === '1', toast),
      { timeout: 5000, timeoutMsg: 'the toast did not finish appearing' },
    );
    await screenshot(browser, 'dark-system-toast');
    const light = await lightness(browser, toast, 'dark-system-toast');
    assert.ok(light < 0.35, `the toast is dark (lightness ${light})`);
  } finally {
    await close();
  }
});

test('with the app’s dark tokens, unchecked boxes are dark', async () => {
  const { browser, close } = await openApp({ prepare });
  try {
    await forceDark(browser);
    await (await byText(browser, 'a', 'CRM to billing sync')).click();
    await byText(browser, 'h1', 'CRM to billing sync');
    const seen = await checkboxes(browser, 'app');
    assert.ok(seen.checklist < 0.35, `an unchecked checklist box is dark (lightness ${seen.checklist})`);
    assert.ok(seen.mine < 0.35, `the unchecked Mine filter is dark (lightness ${seen.mine})`);
  } finally {
    await close();
  }
});
