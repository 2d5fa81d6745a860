// From the keyboard: the skip link, the command palette reaching every screen and running
// actions, single-key shortcuts on the blockers screen and the shortcuts sheet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Key } from 'webdriverio';
import { openApp, byText, cli, screenshot } from '../lib/app.mjs';

const SCREENS = [
  ['Overview', ''],
  ['Kickoff setup', '/setup'],
  ['Scope', '/scope'],
  ['Contract', '/contract'],
  ['Blockers', '/blockers'],
  ['RACI', '/raci'],
  ['Tracks', '/tracks'],
  ['Checklists', '/checklists'],
  ['Cadence', '/cadence'],
  ['Metrics', '/metrics'],
  ['Sync', '/sync'],
  ['Activity', '/activity'],
];

async function palette(browser, query) {
  await browser.keys([Key.Ctrl, 'k']);
  const input = await browser.$('.palette-input');
  await input.waitForDisplayed({ timeout: 3000 });
  await input.setValue(query);
  await browser.keys(Key.Enter);
  await input.waitForDisplayed({ reverse: true, timeout: 3000 });
}

const path = (browser) => browser.execute(() => location.pathname + location.search);

test('a lead reaches every screen and runs the daily actions from the keyboard', async () => {
  let project;
  const { browser, close } = await openApp({ prepare: (dir) => (project = cli(dir, 'demo').project) });
  try {
    await byText(browser, 'h1', 'Portfolio');
    // The first Tab lands on "Skip to content", which jumps past the sidebar.
    await browser.keys(Key.Tab);
    assert.equal(await browser.execute(() => document.activeElement?.textContent?.trim()), 'Skip to content');
    await browser.keys(Key.Enter);
    assert.equal(await browser.execute(() => document.activeElement?.id), 'main');

    // The palette opens a project by a word of its name…
    await palette(browser, 'billing');
    await byText(browser, 'h1', 'CRM to billing sync');
    assert.equal(await path(browser), `/projects/${project}`);
    await browser.keys([Key.Ctrl, 'k']);
    await (await browser.$('.palette-input')).waitForDisplayed();
    await screenshot(browser, 'palette');
    await browser.keys(Key.Escape);

    // …and every screen of it.
    for (const [label, suffix] of SCREENS) {
      await palette(browser, label);
      await browser.waitUntil(async () => (await path(browser)) === `/projects/${project}${suffix}`, {
        timeout: 5000,
        timeoutMsg: `the palette did not reach ${label}`,
      });
    }

    // A word's start finds the screen of that name first: "block" is the Blockers screen,
    // not the New blocker dialog.
    await palette(browser, 'Overview');
    await palette(browser, 'block');
    await browser.waitUntil(async () => (await path(browser)) === `/projects/${project}/blockers`, {
      timeout: 5000,
      timeoutMsg: '"block" did not open the Blockers screen',
    });
    assert.equal(await (await browser.$('[role=dialog]')).isExisting(), false, 'no dialog opened');
    // A filter says how many rows it leaves, beside the project's counts.
    await (await browser.$('select[aria-label="Class"]')).selectByAttribute('value', 'legal');
    await (await browser.$('span.shown')).waitForDisplayed({ timeout: 3000 });
    const legalRows = await browser.execute(() => document.querySelectorAll('table tbody tr:not(.pad)').length);
    assert.equal(await (await browser.$('span.shown')).getText(), `· ${legalRows} shown`);
    assert.equal(legalRows, 1, 'the demo has one legal blocker');
    await (await browser.$('select[aria-label="Class"]')).selectByAttribute('value', 'all');
    await (await browser.$('span.shown')).waitForDisplayed({ reverse: true, timeout: 3000 });
    // "Say who you are" leads to where one says it, on the overview.
    await (await browser.$('a=Say who you are to filter yours')).click();
    await browser.waitUntil(async () => (await path(browser)) === `/projects/${project}`, { timeout: 5000 });
    await (await browser.$('#you-are')).waitForDisplayed({ timeout: 5000 });
    await browser.waitUntil(() => browser.$('#you-are').isDisplayed({ withinViewport: true }), {
      timeout: 3000,
      timeoutMsg: 'the overview did not scroll to "You are"',
    });

    // N on the RACI and the Tracks screens puts the cursor where one is added.
    for (const [screen, field] of [['RACI', 'new-workstream'], ['Tracks', 'milestone-title']]) {
      await palette(browser, screen);
      await browser.waitUntil(async () => (await path(browser)).endsWith(screen === 'RACI' ? '/raci' : '/tracks'));
      await (await browser.$(`#${field}`)).waitForExist();
      await browser.keys('n');
      await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.id)) === field, {
        timeout: 3000,
        timeoutMsg: `N on ${screen} focuses #${field}`,
      });
      await browser.keys(Key.Escape);
      await browser.execute(() => document.activeElement?.blur());
    }

    // D on Cadence puts the cursor in a new decision's question; P switches the status between
    // formatted and Markdown.
    await palette(browser, 'Cadence');
    await browser.waitUntil(async () => (await path(browser)).endsWith('/cadence'));
    await (await browser.$('#decision-question')).waitForExist();
    await browser.keys('d');
    await browser.waitUntil(
      async () => (await browser.execute(() => document.activeElement?.id)) === 'decision-question',
      { timeout: 3000, timeoutMsg: 'D on Cadence focuses the decision question' },
    );
    await browser.execute(() => document.activeElement?.blur());
    // The status opens formatted; P shows its Markdown, and P again formatted.
    await (await browser.$('.status .preview')).waitForDisplayed({ timeout: 3000 });
    await browser.keys('p');
    await (await browser.$('.status textarea')).waitForDisplayed({ timeout: 3000 });
    await browser.keys('p');
    await (await browser.$('.status .preview')).waitForDisplayed({ timeout: 3000 });
    await browser.keys('e');
    await browser.waitUntil(
      async () => (await browser.execute(() => document.activeElement?.tagName)) === 'TEXTAREA',
      { timeout: 3000, timeoutMsg: 'E on Cadence puts the cursor in the status' },
    );
    await browser.execute(() => document.activeElement?.blur());

    // N on Contract maps a new field: one more row, the cursor in it.
    await palette(browser, 'Contract');
    await browser.waitUntil(async () => (await path(browser)).endsWith('/contract'));
    await (await browser.$('h2=Field mapping')).waitForDisplayed();
    const rows = () => browser.execute(() => document.querySelectorAll('table.mapping tbody tr').length);
    const before = await rows();
    await browser.keys('n');
    await browser.waitUntil(async () => (await rows()) === before + 1, {
      timeout: 5000,
      timeoutMsg: 'N on Contract adds a mapping row',
    });
    await browser.waitUntil(
      async () =>
        await browser.execute(() => !!document.activeElement?.closest('table.mapping tbody tr:last-child')),
      { timeout: 3000, timeoutMsg: 'the cursor is in the new mapping row' },
    );
    await browser.execute(() => document.activeElement?.blur());

    // E on the overview edits the project's details.
    await palette(browser, 'Overview');
    await browser.waitUntil(async () => (await path(browser)) === `/projects/${project}`);
    await (await browser.$('button*=Edit details')).waitForDisplayed();
    await browser.keys('e');
    const details = await browser.$('[role=dialog]');
    await details.waitForDisplayed({ timeout: 3000 });
    assert.match(await details.getText(), /Target launch/);
    await browser.keys(Key.Escape);
    await details.waitForDisplayed({ reverse: true });

    // An action: a new blocker, with the cursor in its title.
    await palette(browser, 'New blocker');
    await (await browser.$('[role=dialog]')).waitForDisplayed();
    await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.id)) === 'blocker-title');
    // Escape closes it, and what was typed is kept for the next New blocker.
    await browser.keys('Keys for staging');
    await browser.keys(Key.Escape);
    await (await browser.$('[role=dialog]')).waitForDisplayed({ reverse: true });

    // Shortcuts on the blockers screen: N opens the dialog, ? lists the keys.
    await browser.keys('n');
    await (await browser.$('#blocker-title')).waitForDisplayed();
    assert.equal(await (await browser.$('#blocker-title')).getValue(), 'Keys for staging', 'the dismissed title is kept');
    await screenshot(browser, 'blocker-kept');
    await (await browser.$('button=Start over')).click();
    assert.equal(await (await browser.$('#blocker-title')).getValue(), '', 'Start over clears it');
    await browser.keys(Key.Escape);
    await (await browser.$('[role=dialog]')).waitForDisplayed({ reverse: true });
    await browser.keys('?');
    const sheet = await browser.$('[role=dialog]');
    await sheet.waitForDisplayed();
    assert.match(await sheet.getText(), /Keyboard shortcuts/);
    assert.match(await sheet.getText(), /N\s*New blocker/);
    await screenshot(browser, 'shortcuts');
    await browser.keys(Key.Escape);

    // Drafting an escalation from the palette, from another screen, opens the oldest
    // escalated blocker's once the blockers have loaded.
    await palette(browser, 'Metrics');
    await browser.waitUntil(async () => (await path(browser)) === `/projects/${project}/metrics`);
    await palette(browser, 'Draft escalation');
    const draft = await browser.$('#escalation-body');
    await browser.waitUntil(async () => (await draft.getValue()).startsWith('Hi '), { timeout: 5000 });
  } finally {
    await close();
  }
});
