// Joining a project shared before encryption (a plaintext folder) in the real window: once
// the folder is read no invite code is asked for, the dialog asks which of the folder's two companies the user is with
// (a group of choices named by the question, the project's name in it), and once the user
// picks one the project opens from that company's side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, byText, cli, screenshot, shareBeforeEncryption } from '../lib/app.mjs';

test('joining a folder shared before encryption asks for the company and opens from its side', async () => {
  const shared = mkdtempSync(join(tmpdir(), 'seamline-legacy-'));
  const lead = mkdtempSync(join(tmpdir(), 'seamline-lead-'));
  // The lead's device (the command on its own workspace) shares the project as Seamline did
  // before encryption (format 1), and writes its ops into the folder.
  shareBeforeEncryption(lead, cli(lead, 'demo').project, shared);

  const { browser, close } = await openApp({ name: 'Lukas Weber' });
  try {
    await (await browser.$('button*=Join shared project')).click();
    await (await browser.$('#join-folder')).setValue(shared);
    await (await browser.$('button=Next')).click();

    // The company choice: one fieldset named by its question, which names the project.
    const choice = await browser.$('fieldset#join-company, fieldset[data-field-id=join-company]');
    await choice.waitForDisplayed({ timeout: 10000 });
    const legend = await choice.$('legend');
    assert.equal(
      (await legend.getText()).replace(/\s+/g, ' ').trim(),
      'Which company are you with in CRM to billing sync?',
    );
    assert.equal(await (await legend.$('strong')).getText(), 'CRM to billing sync', 'the name stands out');
    const companies = [];
    for (const radio of await choice.$$('input[type=radio]')) companies.push(await radio.getAttribute('value'));
    assert.deepEqual(companies.sort(), ['Ledgerly', 'Northwind CRM'], 'both of the folder’s companies are offered');
    const join_ = await browser.$('button*=Join as');
    assert.equal(await join_.isEnabled(), false, 'nothing to join as until a company is chosen');
    assert.equal(await (await browser.$('#join-invite')).isExisting(), false, 'no code is asked for');
    await screenshot(browser, 'join-plaintext-company');

    await (await choice.$('input[value="Ledgerly"]')).click();
    await browser.waitUntil(async () => (await join_.getText()) === 'Join as Ledgerly');
    await join_.click();

    // The project opens, Ledgerly first as this user's side.
    await byText(browser, 'h1', 'CRM to billing sync', 10000);
    const own = await browser.$('section[data-side]');
    await own.waitForDisplayed();
    assert.equal(await own.getAttribute('data-side'), 'partner');
    assert.match(await own.getText(), /YOUR SIDE\s*Ledgerly/i);
    await screenshot(browser, 'join-plaintext-joined');
  } finally {
    await close();
  }
});
