// Two companies, two devices, one project, each seen from its own side. Device A (Northwind
// CRM's lead) gives its name at first start and shares the project; device B joins from the
// folder as Ledgerly, sees Ledgerly as "Your side", cannot sign for Northwind CRM, signs for
// Ledgerly; A sees that signature, and both Activity screens name the people who acted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, byText, cli, screenshot } from '../lib/app.mjs';

const PROJECT = 'CRM to billing sync';

async function openProject(browser) {
  await (await byText(browser, 'a', PROJECT, 10000)).click();
  await byText(browser, 'h1', PROJECT);
}

async function firstSideCard(browser) {
  const card = await browser.$('section[data-side]');
  await card.waitForDisplayed();
  return card;
}

test('each company sees the project from its own side and signs only for itself', async () => {
  const shared = mkdtempSync(join(tmpdir(), 'seamline-shared-'));
  /** The invite A's screen shows after sharing, sent to B by another channel. */
  let code = '';

  // Device A: first start asks the user's name.
  const a = await openApp({ name: null, prepare: (dir) => cli(dir, 'demo') });
  try {
    const { browser } = a;
    const prompt = await browser.$('[role=dialog]');
    await prompt.waitForDisplayed({ timeout: 10000 });
    assert.match(await prompt.getText(), /What is your name\?/);
    await screenshot(browser, 'first-start-name');
    await (await browser.$('#me-name')).setValue('Maya Chen');
    await (await browser.$('button=Continue')).click();
    await prompt.waitForDisplayed({ reverse: true });
    await byText(browser, 'span', 'Maya Chen');

    await openProject(browser);
    const own = await firstSideCard(browser);
    assert.equal(await own.getAttribute('data-side'), 'ours');
    assert.match(await own.getText(), /YOUR SIDE\s*Northwind CRM/i);
    await (await own.$('.//label[span="You are"]//select')).selectByVisibleText('Maya Chen');
    await screenshot(browser, 'sides-overview-a');

    await (await browser.$('a=Sync')).click();
    await (await browser.$('#sync-folder')).setValue(shared);
    await (await browser.$('button=Share through this folder')).click();
    await browser.$('a*=Synced').waitForDisplayed({ timeout: 10000 });
    await (await browser.$('[data-invite]')).waitForDisplayed({ timeout: 5000 });
    code = (await (await browser.$('[data-invite]')).getText()).trim();
  } finally {
    await a.close();
  }

  // Device B joins from the folder, as Ledgerly.
  const b = await openApp({ name: 'Lukas Weber' });
  try {
    const { browser } = b;
    await (await browser.$('button*=Join shared project')).click();
    await (await browser.$('#join-folder')).setValue(shared);
    // Without the code, the encrypted folder says nothing of the project.
    await (await browser.$('button=Next')).click();
    const dialog = await browser.$('[role=dialog]');
    await browser.waitUntil(async () => /enter the invite code/.test(await dialog.getText()));
    assert.doesNotMatch(await dialog.getText(), /Northwind CRM/);
    await (await browser.$('#join-invite')).setValue(code.toLowerCase());
    await (await browser.$('button=Next')).click();
    await browser.waitUntil(async () => /The invite is for/.test(await dialog.getText()));
    assert.match(await dialog.getText(), /as Ledgerly/);
    await screenshot(browser, 'sides-join-company');
    await (await browser.$('button=Ask to join as Ledgerly')).click();
    // A code lets B ask; it waits for Northwind CRM to let it in, showing its fingerprint.
    const waiting = await browser.$('[data-testid=join-waiting]');
    await waiting.waitForDisplayed({ timeout: 10000 });
    assert.match(await waiting.getText(), /Waiting for Northwind CRM to let this device in/);
    const fingerprint = (await (await waiting.$('[data-fingerprint]')).getText()).trim();
    assert.match(fingerprint, /^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    await screenshot(browser, 'sides-join-waiting');
    await (await browser.$('button=Done')).click();
    const pendingCard = await browser.$('[data-testid=pending-joins]');
    await pendingCard.waitForDisplayed({ timeout: 5000 });
    assert.match(await pendingCard.getText(), new RegExp(fingerprint));
    await screenshot(browser, 'portfolio-waiting');

    // Maya (her app closed: her command on her workspace) compares the fingerprint and admits.
    const project = cli(a.dataDir, 'project', 'list')[0].id;
    cli(a.dataDir, 'sync', 'run', '--project', project);
    const asked = cli(a.dataDir, 'sync', 'requests', '--project', project);
    assert.equal(asked.length, 1);
    assert.equal(asked[0].fingerprint, fingerprint, 'the fingerprint B shows is the one A sees');
    cli(a.dataDir, 'sync', 'admit', '--project', project, '--device', asked[0].device);
    const check = await browser.$('button*=Check now');
    if (await check.isExisting()) await check.click();
    await openProject(browser);
    const own = await firstSideCard(browser);
    assert.equal(await own.getAttribute('data-side'), 'partner', 'Ledgerly comes first on B');
    assert.match(await own.getText(), /YOUR SIDE\s*Ledgerly/i);
    const other = await browser.$('section[data-side=ours]');
    assert.match(await other.getText(), /PARTNER\s*Northwind CRM/i);
    await (await own.$('.//label[span="You are"]//select')).selectByVisibleText('Sofia Alvarez');
    await browser.waitUntil(async () => /\(you\)/.test(await own.getText()));
    await screenshot(browser, 'sides-overview-b');

    // Northwind CRM's escalation contact is Northwind's to name: B is refused, and suggests it.
    await (await other.$('select[id="ours-escalation"]')).selectByVisibleText('Priya Raman');
    const ask = await browser.$('[role=alertdialog], [role=dialog]');
    await ask.waitForDisplayed({ timeout: 5000 });
    assert.match(await ask.getText(), /Northwind CRM's escalation contact is Northwind CRM's to name. Suggest Priya Raman/);
    await screenshot(browser, 'sides-suggest-escalation');
    await (await browser.$('button=Suggest it')).click();
    const suggested = await browser.$('[data-testid=suggestions]');
    await suggested.waitForDisplayed({ timeout: 5000 });
    assert.match(await suggested.getText(), /Make Priya Raman Northwind CRM's escalation contact/);
    assert.match(await suggested.getText(), /Waiting for Northwind CRM/);
    // The select still shows Northwind CRM's contact as it stands, not the refused choice.
    assert.doesNotMatch(
      await (await other.$('select[id="ours-escalation"] option:checked')).getText(),
      /Priya Raman/,
    );
    await screenshot(browser, 'sides-suggestion-b');

    // B's work: the DPA redlines were escalated to Sofia Alvarez.
    await (await browser.$('a=Blockers')).click();
    const mine = await browser.$('label*=Mine');
    await mine.waitForDisplayed();
    await mine.click();
    await browser.waitUntil(async () => !/Staging API keys/.test(await browser.$('table').getText()), {
      timeoutMsg: 'Mine hides what is not Sofia’s',
    });
    assert.match(await browser.$('table').getText(), /DPA redlines waiting on Ledgerly legal/);
    assert.doesNotMatch(await browser.$('table').getText(), /Staging API keys/);

    // Scope: B signs for Ledgerly; for Northwind CRM it can only record.
    await (await browser.$('a=Scope')).click();
    const theirs = await browser.$('[data-testid=signature-ours]');
    await theirs.waitForDisplayed();
    assert.ok(!(await browser.$('button*=Sign for Northwind CRM').isExisting()), 'no signing for the other company');
    assert.match(await theirs.getText(), /Signed by Maya Chen/, 'Northwind CRM signed in its own copy');
    await (await browser.$('button*=Sign for Ledgerly')).click();
    const ours = await browser.$('[data-testid=signature-partner]');
    await browser.waitUntil(async () => /Signed by Sofia Alvarez/.test(await ours.getText()), {
      timeoutMsg: 'B’s signature shows',
    });
    await screenshot(browser, 'sides-scope-b');

    await (await browser.$('a=Activity')).click();
    const signed = await (await browser.$('ol[aria-label=Activity]')).$('li*=signed the scope');
    await signed.waitForDisplayed({ timeout: 10000 });
    assert.match(await signed.getText(), /Lukas Weber \(you\) · Ledgerly signed the scope for Ledgerly/);

    await (await browser.$('a=Sync')).click();
    const syncNow = await browser.$('button*=Sync now');
    await syncNow.click();
    // The button is disabled while the sync runs (from the click on): the signature is in the
    // folder before this device closes.
    await browser.waitUntil(() => syncNow.isEnabled(), { timeout: 10000, timeoutMsg: 'B’s sync finished' });
  } finally {
    await b.close();
  }

  // Device A again: Ledgerly's signature arrived, signed (not recorded), by Lukas's device.
  const again = await openApp({ dataDir: a.dataDir });
  try {
    const { browser } = again;
    await openProject(browser);
    await (await browser.$('a=Sync')).click();
    await (await browser.$('button*=Sync now')).click();
    await (await browser.$('a=Scope')).click();
    const theirs = await browser.$('[data-testid=signature-partner]');
    await theirs.waitForDisplayed();
    await browser.waitUntil(async () => /Signed by Sofia Alvarez/.test(await theirs.getText()), {
      timeout: 20000,
      timeoutMsg: 'Ledgerly’s signature reached A',
    });
    assert.doesNotMatch(await theirs.getText(), /Recorded/);
    // The header's readiness follows: both signatures were its last missing item.
    const ready = await browser.$('a*=Ready');
    await browser.waitUntil(async () => /Ready 9 of 9/.test(await ready.getText()), {
      timeout: 5000,
      timeoutMsg: 'the header still counts the scope as unsigned',
    });
    assert.ok(!(await browser.$('button*=Record Ledgerly').isExisting()), 'nothing left to record');
    await screenshot(browser, 'sides-scope-a');

    await (await browser.$('a=Activity')).click();
    const signed = await (await browser.$('ol[aria-label=Activity]')).$('li*=signed the scope');
    await signed.waitForDisplayed({ timeout: 10000 });
    assert.match(await signed.getText(), /Lukas Weber · Ledgerly signed the scope for Ledgerly/);
    await screenshot(browser, 'sides-activity-a');

    await (await browser.$('a=Overview')).click();
    const own = await firstSideCard(browser);
    assert.match(await own.getText(), /YOUR SIDE\s*Northwind CRM/i);
    // Ledgerly's suggestion waits for Northwind CRM: Maya accepts it, as her own edit.
    const suggestion = await browser.$('[data-testid=suggestions]');
    await suggestion.waitForDisplayed({ timeout: 10000 });
    assert.match(await suggestion.getText(), /Make Priya Raman Northwind CRM's escalation contact/);
    assert.match(await suggestion.getText(), /Suggested by Sofia Alvarez of Ledgerly/);
    await screenshot(browser, 'sides-suggestion-a');
    await (await suggestion.$('button*=Accept')).click();
    await browser.waitUntil(
      async () => (await (await own.$('select[id="ours-escalation"]')).getValue()) !== '' &&
        /Priya Raman/.test(await (await own.$('select[id="ours-escalation"] option:checked')).getText()),
      { timeout: 10000, timeoutMsg: 'Priya Raman is Northwind CRM’s escalation contact' },
    );
    await screenshot(browser, 'sides-overview-a-after');
  } finally {
    await again.close();
  }
});
