// A project shared before encryption (a plaintext folder) becomes encrypted in place in the real
// window: the Sync screen says so and offers to encrypt now; once the partner's device (the
// `seamline` command on its own workspace) runs this version too, the lead's next sync encrypts
// the folder, the screen says whose plaintext files remain, and after the partner's next sync
// none do and nothing readable is left in the folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, byText, cli, screenshot, shareBeforeEncryption } from '../lib/app.mjs';

/** Every file under `dir`, as paths. */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

test('a folder shared before encryption becomes encrypted once the partner has updated', async () => {
  const shared = mkdtempSync(join(tmpdir(), 'seamline-legacy-'));
  const partner = mkdtempSync(join(tmpdir(), 'seamline-partner-'));
  let project;
  const { browser, close } = await openApp({
    prepare: (dir) => {
      project = cli(dir, 'demo').project;
      shareBeforeEncryption(dir, project, shared);
    },
  });
  try {
    await (await byText(browser, 'a', 'CRM to billing sync')).click();
    await (await browser.$('a=Sync')).click();
    const plain = await browser.$('[data-testid=not-encrypted]');
    await plain.waitForDisplayed({ timeout: 5000 });
    assert.match(await plain.getText(), /shared before encryption/);
    assert.ok(await (await browser.$('button*=Encrypt now')).isDisplayed(), 'the lead may encrypt now');
    await screenshot(browser, 'sync-not-encrypted');

    // The partner's device, on this version, joins the plaintext folder as it always could.
    process.env.SEAMLINE_USER = 'Lukas Weber';
    cli(partner, 'sync', 'join', '--folder', shared, '--company', 'Ledgerly');
    // It edits (an upgrade takes in only the devices seen writing the project: a device.json
    // anyone could plant does not count).
    cli(partner, 'project', 'update', '--project', project, '--sync-day', 'thursday');
    cli(partner, 'sync', 'run', '--project', project);
    delete process.env.SEAMLINE_USER;

    // The lead's next sync encrypts the folder; Lukas's files from before are still plain.
    await (await browser.$('button*=Sync now')).click();
    const left = await browser.$('[data-testid=plaintext-left]');
    await left.waitForDisplayed({ timeout: 10000 });
    assert.match(await left.getText(), /from Lukas Weber \(\d+ files?\)/);
    assert.equal(JSON.parse(readFileSync(join(shared, 'seamline.json'), 'utf8')).format_version, 2);
    await screenshot(browser, 'sync-encrypted-plaintext-left');

    // The partner's next sync takes the upgrade and rewrites its files encrypted.
    process.env.SEAMLINE_USER = 'Lukas Weber';
    const ran = cli(partner, 'sync', 'run', '--project', project);
    delete process.env.SEAMLINE_USER;
    assert.deepEqual(ran.skipped, []);
    await (await browser.$('button*=Sync now')).click();
    await browser.waitUntil(async () => !(await (await browser.$('[data-testid=plaintext-left]')).isExisting()), {
      timeout: 10000,
      timeoutMsg: 'no plaintext file is left',
    });
    // Both companies' devices now show a key to compare over a call.
    const keys = await browser.$$('td.mono');
    assert.equal(keys.length, 2);
    await screenshot(browser, 'sync-encrypted-after-upgrade');
    for (const file of files(shared)) {
      assert.doesNotMatch(readFileSync(file, 'latin1'), /CRM to billing sync|Northwind|Ledgerly|Lukas Weber/, file);
    }
  } finally {
    await close();
  }
});
