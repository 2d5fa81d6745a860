// Shared-folder sync in the real window: the lead shares a project through a folder, the
// partner's device (the `seamline` command on its own workspace) joins and edits offline, and
// the partner's edit arrives in the open window on its own, through the folder watcher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, byText, cli, screenshot } from '../lib/app.mjs';

test('a linked project receives the other device’s edit without a click', async () => {
  const shared = mkdtempSync(join(tmpdir(), 'seamline-shared-'));
  const partner = mkdtempSync(join(tmpdir(), 'seamline-partner-'));
  const { browser, close } = await openApp({ prepare: (dir) => cli(dir, 'demo') });
  try {
    // The way in for the partner: join from the folder.
    await (await browser.$('button*=Join shared project')).click();
    const dialog = await browser.$('[role=dialog]');
    await dialog.waitForDisplayed();
    assert.match(await dialog.getText(), /Join a shared project/);
    await screenshot(browser, 'join-dialog');
    await browser.keys('Escape');

    await (await byText(browser, 'a', 'CRM to billing sync')).click();
    await byText(browser, 'h1', 'CRM to billing sync');
    await byText(browser, 'a', 'This device only', 10000);
    await (await browser.$('a=Sync')).click();

    await (await browser.$('#sync-folder')).setValue(shared);
    await (await browser.$('button=Share through this folder')).click();
    await byText(browser, 'h2', 'Shared folder');
    await browser.$('a*=Synced').waitForDisplayed({ timeout: 5000 });
    assert.ok(existsSync(join(shared, 'seamline.json')), 'the folder carries the project');
    assert.ok(existsSync(join(shared, 'Project status.html')), 'with a page for people without the app');

    // The partner's device joins and edits, then syncs.
    process.env.SEAMLINE_USER = 'lukas';
    const joined = cli(partner, 'sync', 'join', '--folder', shared, '--company', 'Ledgerly');
    assert.ok(joined.imported > 100, 'the partner received the whole project');
    cli(partner, 'person', 'add', '--project', joined.project, '--side', 'partner', '--name',
      'Grace Hopper', '--title', 'Solutions Architect');
    const ran = cli(partner, 'sync', 'run', '--project', joined.project);
    assert.equal(ran.exported, 3, 'side, name and title');
    delete process.env.SEAMLINE_USER;

    // Nobody clicks: the folder watcher brings it in and the screens refresh.
    await byText(browser, 'td', 'lukas', 20000);
    await screenshot(browser, 'sync');
    await (await browser.$('a=Overview')).click();
    await byText(browser, 'span', 'Grace Hopper', 10000);
    await screenshot(browser, 'sync-arrived');

    // The history says who did it.
    await (await browser.$('a=Activity')).click();
    const line = await (await browser.$('ol[aria-label=Activity]')).$('li*=Grace Hopper');
    await line.waitForDisplayed({ timeout: 10000 });
    assert.match(await line.getText(), /lukas · Ledgerly added person ‘Grace Hopper’/);
    await screenshot(browser, 'activity');

    // And the lead's edits reach the partner.
    const devices = readdirSync(join(shared, 'devices'));
    const listing = devices.map((d) => `${d}: ${readdirSync(join(shared, 'devices', d)).join(', ')}`);
    assert.equal(devices.length, 2, `one directory per device:\n${listing.join('\n')}`);
  } finally {
    await close();
  }
});
