// The invite code sharing shows stays: through the syncs that follow (the background one used
// to drop it about a second later, while the toast still said "send the invite code below"),
// across screens, until the lead dismisses it, with its copy button all along.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, byText, cli, screenshot } from '../lib/app.mjs';

test('the invite code shown after sharing stays until the lead dismisses it', async () => {
  const shared = mkdtempSync(join(tmpdir(), 'seamline-shared-'));
  const { browser, close } = await openApp({ prepare: (dir) => cli(dir, 'demo') });
  try {
    await (await byText(browser, 'a', 'CRM to billing sync')).click();
    await byText(browser, 'h1', 'CRM to billing sync');
    await (await browser.$('a=Sync')).click();
    await (await browser.$('#sync-folder')).setValue(shared);
    await (await browser.$('button=Share through this folder')).click();
    await (await browser.$('[data-sonner-toast]*=send the invite code below')).waitForDisplayed({ timeout: 10000 });
    const shown = await browser.$('[data-invite]');
    await shown.waitForDisplayed({ timeout: 5000 });
    const code = (await shown.getText()).trim();
    assert.match(code, /^SL-[A-Z2-7]{6}(-[A-Z2-7]{6}){3}$/);
    const lastSync = await browser.$('[data-last-sync]');
    assert.match(await lastSync.getText(), /received, [1-9][\d,]* sent\./, 'sharing wrote the project');

    // Syncs follow (the folder changed; and one by hand): each replaces the last report,
    // which carried the code. The code stays, with its copy button.
    await (await browser.$('button*=Sync now')).click();
    await browser.waitUntil(async () => /nothing new to receive or send/.test(await lastSync.getText()), {
      timeout: 40000,
      timeoutMsg: 'no later sync replaced the sharing report',
    });
    assert.equal(await shown.isDisplayed(), true, 'the code is still shown after the next sync');
    assert.equal((await shown.getText()).trim(), code);
    assert.ok(await (await browser.$('.code')).$('button*=Copy').isDisplayed(), 'with its copy button');
    assert.match(await (await browser.$('.code')).getText(), /one device of Ledgerly/);
    await screenshot(browser, 'invite-stays');

    // Leaving the screen and coming back keeps it too.
    await (await browser.$('a=Overview')).click();
    await byText(browser, 'h2', 'Northwind CRM');
    await (await browser.$('a=Sync')).click();
    const again = await browser.$('[data-invite]');
    await again.waitForDisplayed({ timeout: 5000 });
    assert.equal((await again.getText()).trim(), code);

    // Dismissed, it goes; a new invite brings a new code.
    await (await browser.$('button[aria-label="Dismiss the invite code"]')).click();
    await again.waitForDisplayed({ reverse: true, timeout: 5000 });
    await screenshot(browser, 'invite-dismissed');
    await (await browser.$('button*=Invite another device of Northwind CRM')).click();
    const next = await browser.$('[data-invite]');
    await next.waitForDisplayed({ timeout: 5000 });
    assert.notEqual((await next.getText()).trim(), code);

    // An invite that lets its device in without asking: Maya's second laptop uses it and is
    // let in at her next sync, with no Admit to press.
    await (await browser.$('label*=Let it in without asking me')).click();
    await (await browser.$('button*=Invite another device of Northwind CRM')).click();
    await browser.waitUntil(async () => /without\s+asking you/.test(await (await browser.$('.code')).getText()), {
      timeout: 5000,
      timeoutMsg: 'the new code does not say it lets its device in without asking',
    });
    const laptopCode = (await (await browser.$('[data-invite]')).getText()).trim();
    await (await browser.$('[data-testid=automatic]')).waitForDisplayed({ timeout: 5000 });
    const laptop = mkdtempSync(join(tmpdir(), 'seamline-laptop-'));
    const asked = cli(laptop, 'sync', 'join', '--folder', shared, '--invite', laptopCode);
    assert.equal(asked.waiting, true, 'the laptop waits until one of its company syncs');
    // The app's own sync (it watches the folder) or Sync now lets it in: it is then among the
    // devices, with the fingerprint it showed while waiting, admitted by this device's user.
    await (await browser.$('button*=Sync now')).click();
    await browser.waitUntil(
      async () => (await (await browser.$('table')).getText()).includes(asked.fingerprint),
      { timeout: 40000, timeoutMsg: 'the laptop was not let in' },
    );
    const row = await (await browser.$('table')).$(`tr*=${asked.fingerprint}`);
    assert.match(await row.getText(), /Maya Chen/, 'admitted by Maya, without a click');
    await screenshot(browser, 'invite-admitted-automatically');
    const run = cli(laptop, 'sync', 'run', '--project', asked.project);
    assert.equal(run.waiting, null, 'the laptop is in');
    assert.ok(run.imported > 0, 'and reads the project');
  } finally {
    await close();
  }
});
