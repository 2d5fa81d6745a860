// Execution in the real window: a blocker ages in business days and shows its move, escalates
// when the clock moves past the threshold, the gate refuses go-live before the signed
// agreement, and the RACI grid shows what lives in the gap until someone owns it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Key } from 'webdriverio';
import { openApp, byText, cliAt, screenshot, setDate } from '../lib/app.mjs';

const MONDAY = { SEAMLINE_NOW: '2027-01-11T09:00:00Z' };
const NEXT_WEDNESDAY = { SEAMLINE_NOW: '2027-01-20T09:00:00Z' }; // 7 business days later

/** A project with an owner and escalation contact on each side, and both tracks' gate. */
function prepare(dir) {
  const p = cliAt(MONDAY, dir, 'project', 'create', '--name', 'Acme to Globex SSO', '--ours', 'Acme',
    '--partner', 'Globex', '--archetype', 'identity');
  const add = (side, name) => cliAt(MONDAY, dir, 'person', 'add', '--project', p.id, '--side', side,
    '--name', name).id;
  const ana = add('ours', 'Ana Ruiz');
  const bo = add('ours', 'Bo Lin');
  const kim = add('partner', 'Kim Park');
  const lee = add('partner', 'Lee Chen');
  cliAt(MONDAY, dir, 'owner', 'set', '--project', p.id, '--side', 'ours', '--person', ana);
  cliAt(MONDAY, dir, 'escalation', 'set', '--project', p.id, '--side', 'ours', '--person', bo);
  cliAt(MONDAY, dir, 'owner', 'set', '--project', p.id, '--side', 'partner', '--person', kim);
  cliAt(MONDAY, dir, 'escalation', 'set', '--project', p.id, '--side', 'partner', '--person', lee);
  for (const [track, kind, planned] of [
    ['legal', 'nda', '2027-01-11'],
    ['legal', 'agreement-signed', '2027-02-08'],
    ['build', 'sandbox-access', '2027-01-13'],
    ['build', 'production-go-live', '2027-03-08'],
  ]) {
    cliAt(MONDAY, dir, 'milestone', 'add', '--project', p.id, '--track', track, '--kind', kind,
      '--planned', planned);
  }
  return p.id;
}

async function openSection(browser, section) {
  await (await byText(browser, 'a', 'Acme to Globex SSO')).click();
  await byText(browser, 'h1', 'Acme to Globex SSO');
  await (await browser.$(`a=${section}`)).click();
}

test('a blocker ages, escalates with the clock, and the gate refuses go-live', async () => {
  let project;
  const first = await openApp({ env: MONDAY, prepare: (dir) => (project = prepare(dir)) });
  const dataDir = first.dataDir;
  try {
    const { browser } = first;
    await openSection(browser, 'Blockers');
    await (await byText(browser, 'button', 'Add the first blocker')).click();
    await (await browser.$('#blocker-title')).setValue('SCIM endpoint not on Globex sprint');
    await (await browser.$('#blocker-class')).selectByAttribute('value', 'dependency');
    await (await browser.$('#blocker-owner')).selectByVisibleText('Kim Park (Globex)');
    await (await browser.$('[role=dialog] button[type=submit]')).click();

    await byText(browser, 'span', 'SCIM endpoint not on Globex sprint');
    // The move names the company that must act, and is a warning until the date is set.
    await byText(browser, 'span.flag', "Get a date on Globex's sprint: a dependency with no date is a hope");
    await byText(browser, 'span', '0 business days');
    await screenshot(browser, 'blockers-new');
  } finally {
    await first.close();
  }

  // Seven business days later the blocker is past the five-day threshold.
  const later = await openApp({ env: NEXT_WEDNESDAY, dataDir });
  try {
    const { browser } = later;
    await openSection(browser, 'Blockers');
    await byText(browser, 'span', '7 business days');
    await byText(browser, 'span', 'Escalated → Lee Chen');
    await screenshot(browser, 'blockers-escalated');

    // One click drafts the escalation to Globex's escalation contact.
    await (await browser.$('button=Draft escalation')).click();
    const draft = await browser.$('#escalation-body');
    await browser.waitUntil(async () => (await draft.getValue()).startsWith('Hi Lee,'), {
      timeout: 5000,
      timeoutMsg: 'the draft greets the escalation contact',
    });
    assert.match(await draft.getValue(), /waiting on Globex for 7 business days/);
    assert.match(await draft.getValue(), /it waits on Globex to build or finish something\. Our playbook's next step is to get a date on Globex's sprint/);
    assert.match(await (await browser.$('[role=dialog]')).getText(), /To Lee Chen/);
    await screenshot(browser, 'escalation-draft');
    assert.equal(
      await browser.execute(() => document.activeElement?.closest('[role=dialog]') && !document.activeElement.matches('.dialog-close')),
      true,
      'the escalation opens with the cursor inside it, not on its close button',
    );
    await browser.keys('Escape');
    await (await browser.$('[role=dialog]')).waitForDisplayed({ reverse: true });
    // The app records escalations shortly after it starts (once the first screen has its
    // data), then every 30 seconds.
    let escalated;
    await browser.waitUntil(
      () => {
        // `blocker list` only reads (`blocker escalations` would record them itself).
        [escalated] = cliAt(NEXT_WEDNESDAY, dataDir, 'blocker', 'list', '--project', project, '--open');
        return escalated?.escalated_at != null;
      },
      { timeout: 10000, interval: 250, timeoutMsg: 'the escalation was never recorded' },
    );
    assert.equal(escalated.escalated_at, '2027-01-20T09:00:00Z', 'the escalation was recorded when it happened');

    // Editing in place: the dependency gets a date; the cursor starts in the first field.
    await (await browser.$("span.flag*=Get a date on Globex's sprint")).waitForDisplayed({ timeout: 3000 });
    await (await browser.$('button[aria-label="Edit SCIM endpoint not on Globex sprint"]')).click();
    await (await browser.$('[role=dialog]')).waitForDisplayed();
    await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.id)) === 'blocker-title', {
      timeout: 3000,
      timeoutMsg: 'the dialog opens with the cursor in the title',
    });
    await setDate(browser, '#blocker-due', '2027-01-29');
    await (await browser.$('button=Save changes')).click();
    await browser.waitUntil(
      async () => !(await browser.$("span.flag*=Get a date on Globex's sprint").isExisting()),
      { timeout: 5000, timeoutMsg: 'the "get a date" warning went once the date was set' },
    );
    await byText(browser, 'span.move', "Dated on Globex's sprint: check at each weekly sync that the date holds");
    const [edited] = cliAt(NEXT_WEDNESDAY, dataDir, 'blocker', 'list', '--project', project, '--open');
    assert.equal(edited.due, '2027-01-29');
    await screenshot(browser, 'blockers-edited');

    // Resolving starts in its note: a space typed there is a space, not a press of Close.
    await (await (await browser.$('table')).$$('button=Resolve'))[0].click();
    await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.id)) === 'resolve-note', {
      timeout: 3000,
      timeoutMsg: 'the resolve dialog opens with the cursor in its note',
    });
    await browser.keys('Keys sent by mail');
    assert.ok(await (await browser.$('[role=dialog]')).isDisplayed(), 'typing a note with spaces keeps the dialog open');
    assert.match(await (await browser.$('#resolve-note')).getValue(), /sent by/);
    await (await browser.$('button=Cancel')).click();
    await (await browser.$('[role=dialog]')).waitForDisplayed({ reverse: true });

    await (await browser.$('a=Overview')).click();
    await byText(browser, 'h2', 'Oldest open blocker by class');
    await byText(browser, 'strong', '· escalated to Lee Chen');

    // The gate: go-live before the signed agreement is refused, in place.
    await (await browser.$('a=Tracks')).click();
    await byText(browser, 'h2', 'Build track');
    const goLive = await browser.$('button[aria-label="Mark done: Production go-live"]');
    await goLive.click();
    const refusal = await browser.$('span.gate-error');
    await refusal.waitForDisplayed();
    // A sentence, without the error's 'gate closed:' prefix.
    assert.equal(
      await refusal.getText(),
      'Production go-live waits for the signed agreement: mark "Agreement signed" done on the legal track first',
    );
    const milestones = cliAt(NEXT_WEDNESDAY, dataDir, 'milestone', 'list', '--project', project);
    assert.equal(milestones.find((m) => m.kind === 'production-go-live').done, null, 'nothing changed');
    await screenshot(browser, 'tracks');

    // Rescheduling in place: go-live moves a week.
    await setDate(browser, 'input[aria-label="Planned date: Production go-live"]', '2027-03-15');
    await browser.waitUntil(() => {
      const now = cliAt(NEXT_WEDNESDAY, dataDir, 'milestone', 'list', '--project', project);
      return now.find((m) => m.kind === 'production-go-live').planned === '2027-03-15';
    }, { timeout: 5000, timeoutMsg: 'the new date was not saved' });

    // And renamed in place: Enter saves.
    await (await browser.$('button[aria-label="Rename Production go-live"]')).click();
    const name = await browser.$('input[aria-label="New name for Production go-live"]');
    await name.waitForDisplayed({ timeout: 3000 });
    assert.equal(await browser.execute(() => document.activeElement?.getAttribute('aria-label')), 'New name for Production go-live');
    // Typed as a person does: WebDriver's clear would leave the field, which saves it.
    await browser.keys([Key.Ctrl, 'a']);
    await browser.keys('Go-live for the pilot customers');
    await browser.keys('Enter');
    await browser.waitUntil(() => {
      const now = cliAt(NEXT_WEDNESDAY, dataDir, 'milestone', 'list', '--project', project);
      return now.some((m) => m.title === 'Go-live for the pilot customers');
    }, { timeout: 5000, timeoutMsg: 'the new name was not saved' });

    // The RACI: nothing owned yet; naming Launch date on our side fixes that cell.
    await (await browser.$('a=RACI')).click();
    await browser.$('div*=problems').waitForDisplayed();
    await (await browser.$('[aria-label="Launch date: Acme letter"]')).selectByAttribute('value', 'A');
    await (await browser.$('[aria-label="Launch date: Acme person"]')).selectByVisibleText('Ana Ruiz');
    await browser.waitUntil(() => {
      const raci = cliAt(NEXT_WEDNESDAY, dataDir, 'raci', 'list', '--project', project);
      const launch = raci.find((w) => w.workstream === 'Launch date');
      return launch.ours && launch.ours.letter === 'A' && launch.ours.person_name === 'Ana Ruiz';
    }, { timeout: 5000, timeoutMsg: 'the RACI cell was not saved' });
    await screenshot(browser, 'raci');

    // Resolving is one Undo away from open again.
    await (await browser.$('a=Blockers')).click();
    const openBefore = cliAt(NEXT_WEDNESDAY, dataDir, 'blocker', 'list', '--project', project, '--open').length;
    await (await (await browser.$('table')).$$('button=Resolve'))[0].click();
    await (await browser.$('#resolve-note')).waitForDisplayed();
    await (await browser.$('[role=dialog] button[type=submit]')).click();
    await browser.waitUntil(
      () => cliAt(NEXT_WEDNESDAY, dataDir, 'blocker', 'list', '--project', project, '--open').length === openBefore - 1,
      { timeout: 5000, timeoutMsg: 'the blocker was not resolved' },
    );
    await (await browser.$('button=Undo')).click();
    await browser.waitUntil(
      () => cliAt(NEXT_WEDNESDAY, dataDir, 'blocker', 'list', '--project', project, '--open').length === openBefore,
      { timeout: 5000, timeoutMsg: 'Undo did not reopen the blocker' },
    );
  } finally {
    await later.close();
  }
});
