// Shared-folder sync in the real window: the lead shares a project through a folder, the
// partner's device (the `seamline` command on its own workspace) joins and edits offline, and
// the partner's edit arrives in the open window on its own, through the folder watcher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, existsSync, writeFileSync, renameSync } from 'node:fs';
import vm from 'node:vm';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, byText, cli, screenshot } from '../lib/app.mjs';

/**
 * Runs the page's own script as a browser would (WebCrypto from Node, a minimal document):
 * enters `code` and submits; resolves with the page it writes, rejects with its message.
 */
async function openPage(page, code) {
  const script = /<script>([\s\S]*)<\/script>/.exec(page)[1];
  const attr = (name) => new RegExp(`${name}="([^"]*)"`).exec(page)[1];
  let submit;
  let written = '';
  const message = { textContent: '' };
  const document = {
    getElementById: (id) =>
      ({
        sealed: {
          dataset: {
            vk: attr('data-vk'),
            salt: attr('data-salt'),
            iv: attr('data-iv'),
            ct: attr('data-ct'),
            sig: attr('data-sig'),
          },
        },
        f: { addEventListener: (_, fn) => (submit = fn) },
        c: { value: code },
        m: message,
      })[id],
    open() {},
    write(html) {
      written += html;
    },
    close() {},
  };
  vm.runInNewContext(script, {
    document,
    window: { crypto: globalThis.crypto },
    crypto: globalThis.crypto,
    atob,
    TextEncoder,
    TextDecoder,
    Uint8Array,
  });
  await submit({ preventDefault() {} });
  if (!written) throw new Error(message.textContent);
  return written;
}

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
    // Encrypted: the page for people without the app holds nothing the sync service can
    // read, and opens with the view code the Sync screen shows, through its own script.
    const page = readFileSync(join(shared, 'Project status.html'), 'utf8');
    assert.doesNotMatch(page, /CRM to billing sync|Northwind|Ledgerly|Maya Chen/);
    const viewCode = (await (await browser.$('[data-view-code]')).getText()).trim();
    assert.match(viewCode, /^SV-[A-Z2-7]{6}(-[A-Z2-7]{6}){3}$/);
    const opened = await openPage(page, viewCode.toLowerCase());
    assert.match(opened, /CRM to billing sync/);
    await assert.rejects(openPage(page, 'SV-AAAAAA-AAAAAA-AAAAAA-AAAAAA'), /does not open this page/);
    // Sharing made an invite for Ledgerly's first device, shown with a copy button; it stays
    // until the lead is done with it.
    const shown = await browser.$('[data-invite]');
    await shown.waitForDisplayed({ timeout: 5000 });
    const code = (await shown.getText()).trim();
    assert.match(code, /^SL-[A-Z2-7]{6}(-[A-Z2-7]{6}){3}$/);
    assert.match(await (await browser.$('.code')).getText(), /one device of Ledgerly/);
    await (await browser.$('.code')).$('button*=Copy').click();
    await browser.pause(2500);
    assert.ok(await (await browser.$('[data-invite]')).isDisplayed(), 'the code stays on screen');
    await screenshot(browser, 'sync-invite');

    // The partner's device asks to join with the code and waits: nothing is readable yet.
    process.env.SEAMLINE_USER = 'lukas';
    const joined = cli(partner, 'sync', 'join', '--folder', shared, '--invite', code);
    assert.equal(joined.waiting, true, 'a code alone lets no one in');
    assert.equal(joined.imported, 0);
    assert.match(joined.fingerprint, /^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    // The lead's window shows who asks, with the fingerprint to compare over a call.
    const asks = await browser.$('[data-testid=join-requests]');
    await asks.waitForDisplayed({ timeout: 20000 });
    assert.match(await asks.getText(), /A device of Ledgerly/);
    assert.equal((await (await asks.$('[data-fingerprint]')).getText()).trim(), joined.fingerprint);
    await screenshot(browser, 'sync-request');
    await (await asks.$('button*=Admit')).click();
    await browser.waitUntil(async () => !(await (await browser.$('[data-testid=join-requests]')).isExisting()), {
      timeout: 10000,
      timeoutMsg: 'the request is answered',
    });
    const arrived = cli(partner, 'sync', 'run', '--project', joined.project);
    assert.ok(arrived.imported > 100, 'let in, the partner receives the whole project');
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
    // Its field writes are in the page only once opened (the list may reload meanwhile: a
    // sync lands; the line is found again each time).
    assert.equal(await (await line.$('dl')).isExisting(), false);
    await (await line.$('summary')).click();
    const writes = () =>
      browser.execute(() => {
        const li = [...document.querySelectorAll('ol[aria-label=Activity] li')].find((x) =>
          x.textContent.includes('Grace Hopper'),
        );
        return li?.querySelector('dl')?.textContent ?? null;
      });
    await browser.waitUntil(async () => /Solutions Architect/.test((await writes()) ?? ''), {
      timeout: 10000,
      timeoutMsg: `the opened action lists its field writes (${await writes()})`,
    });
    await screenshot(browser, 'activity');
    // A large action (the demo's scope, 203 writes) brings its first 100 and counts the rest.
    const large = () =>
      browser.execute(() => {
        const li = [...document.querySelectorAll('ol[aria-label=Activity] li')].find((x) =>
          x.textContent.includes('203 field writes'),
        );
        if (li && !li.querySelector('dl')) li.querySelector('summary').click();
        return li ? [li.querySelectorAll('dt').length, li.querySelector('.cut')?.textContent ?? ''] : null;
      });
    await browser.waitUntil(async () => (await large())?.[0] > 0, { timeout: 5000, timeoutMsg: 'the large action opens' });
    const [shownWrites, rest] = await large();
    assert.ok(shownWrites <= 100, `${shownWrites} writes in the page`);
    assert.match(rest, /… and 103 more\.\s+seamline history --fields lists\s+every write\./);
    await browser.execute(() => document.querySelector('.cut')?.scrollIntoView({ block: 'center' }));
    await screenshot(browser, 'activity-large-action');

    // And the lead's edits reach the partner.
    const devices = readdirSync(join(shared, 'devices'));
    const listing = devices.map((d) => `${d}: ${readdirSync(join(shared, 'devices', d)).join(', ')}`);
    assert.equal(devices.length, 2, `one directory per device:\n${listing.join('\n')}`);

    // An invite made and withdrawn: its code no longer lets anyone ask.
    await (await browser.$('a=Sync')).click();
    await (await browser.$('button*=Done')).click();
    await (await browser.$('button*=Invite another device of Northwind CRM')).click();
    await browser.waitUntil(async () => /one device of Northwind CRM/.test(await (await browser.$('.code')).getText()));
    const spareCode = (await (await browser.$('[data-invite]')).getText()).trim();
    const pending = await browser.$('[data-testid=pending-invites]');
    await pending.waitForDisplayed({ timeout: 5000 });
    assert.match(await pending.getText(), /For a device of Northwind CRM, made by Maya Chen/);
    await screenshot(browser, 'sync-invites');
    await (await pending.$('button*=Withdraw')).click();
    await browser.waitUntil(async () => !(await (await browser.$('[data-testid=pending-invites]')).isExisting()), {
      timeout: 10000,
      timeoutMsg: 'the withdrawn invite leaves the list',
    });
    const stranger = mkdtempSync(join(tmpdir(), 'seamline-stranger-'));
    assert.throws(
      () => cli(stranger, 'sync', 'join', '--folder', shared, '--invite', spareCode),
      (e) => /withdrawn/.test(String(e.stderr)),
      'a withdrawn invite lets no one ask',
    );

    // A second device of Northwind's joins with an invite from this screen, then is removed
    // (a lost laptop): it is listed as removed, by whom and when.
    await (await browser.$('button*=Invite another device of Northwind CRM')).click();
    await browser.waitUntil(async () => {
      const c = await browser.$('[data-invite]');
      return (await c.isExisting()) && (await c.getText()).trim() !== spareCode;
    });
    const laptopCode = (await (await browser.$('[data-invite]')).getText()).trim();
    const laptop = mkdtempSync(join(tmpdir(), 'seamline-laptop-'));
    process.env.SEAMLINE_USER = 'maya-old-laptop';
    cli(laptop, 'sync', 'join', '--folder', shared, '--company', 'Northwind CRM', '--invite', laptopCode);
    const laptopAsks = await browser.$('[data-testid=join-requests]');
    await laptopAsks.waitForDisplayed({ timeout: 20000 });
    await (await laptopAsks.$('button*=Admit')).click();
    await browser.waitUntil(async () => !(await (await browser.$('[data-testid=join-requests]')).isExisting()), {
      timeout: 10000,
      timeoutMsg: 'the laptop is let in',
    });
    cli(laptop, 'sync', 'run', '--project', joined.project);
    delete process.env.SEAMLINE_USER;
    const row = await byText(browser, 'td', 'maya-old-laptop', 20000);
    const tr = await row.parentElement();
    assert.match(await tr.getText(), /Northwind CRM/);
    assert.match(await tr.getText(), /[A-Z2-7]{5}-[A-Z2-7]{5}/, 'a key fingerprint to compare');
    await screenshot(browser, 'sync-devices');
    await (await tr.$('button*=Remove')).click();
    await (await browser.$('button=Remove the device')).click();
    const removed = await browser.$('ul.removed');
    await removed.waitForDisplayed({ timeout: 10000 });
    assert.match(await removed.getText(), /maya-old-laptop · Northwind CRM · removed by Maya Chen on /);
    await screenshot(browser, 'sync-removed');

    // The sync service is still bringing a file down (an iCloud placeholder): the screen says
    // it waits for the service, and lists no error.
    const partnerDir = readdirSync(join(shared, 'devices')).find((d) =>
      readdirSync(join(shared, 'devices', d)).some((f) => f.endsWith('.ops')),
    );
    writeFileSync(join(shared, 'devices', partnerDir, '.seg-00000042-0badf00d.ops.icloud'), 'placeholder');
    await (await browser.$('button*=Sync now')).click();
    const arriving = await browser.$('[data-arriving]');
    await arriving.waitForDisplayed({ timeout: 10000 });
    assert.match(await arriving.getText(), /Waiting for the sync service to bring down 1 file/);
    await screenshot(browser, 'sync-arriving');

    // The user moves the shared folder: the screen says it is not there and takes its new place.
    const moved = `${shared}-moved`;
    renameSync(shared, moved);
    await (await browser.$('button*=Sync now')).click();
    const gone = await browser.$('[data-testid=folder-gone]');
    await gone.waitForDisplayed({ timeout: 10000 });
    await (await browser.$('button*=Point at its new place')).click();
    await (await browser.$('#moved-folder')).setValue(moved);
    await screenshot(browser, 'sync-folder-moved');
    await (await browser.$('button*=Use this folder')).click();
    await browser.waitUntil(async () => !(await (await browser.$('[data-testid=folder-gone]')).isExisting()), {
      timeout: 10000,
      timeoutMsg: 'the project syncs through the new place',
    });
    assert.match(await (await browser.$('p.path')).getText(), /-moved$/);
  } finally {
    await close();
  }
});
