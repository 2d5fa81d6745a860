// Every date field, typed as a lead types: an impossible date is refused with the field named,
// what was typed stays on screen, and nothing is saved; a real date typed the same way saves.
// (WebKitGTK's own date input turned 02/31/2027 typed over a filled field into 12/26/2027.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, byText, cliAt, screenshot } from '../lib/app.mjs';

const NOW = { SEAMLINE_NOW: '2027-01-11T09:00:00Z' };

function prepare(dir) {
  const p = cliAt(NOW, dir, 'project', 'create', '--name', 'Acme to Globex SSO', '--ours', 'Acme',
    '--partner', 'Globex', '--archetype', 'identity', '--target-launch', '2027-04-01');
  const ana = cliAt(NOW, dir, 'person', 'add', '--project', p.id, '--side', 'ours', '--name', 'Ana Ruiz').id;
  cliAt(NOW, dir, 'milestone', 'add', '--project', p.id, '--track', 'build', '--kind', 'sandbox-access',
    '--planned', '2027-03-26');
  cliAt(NOW, dir, 'milestone', 'add', '--project', p.id, '--track', 'build', '--kind', 'first-call',
    '--planned', '2026-12-27');
  cliAt(NOW, dir, 'decision', 'add', '--project', p.id, '--question', 'Who creates the tenant?',
    '--decision', 'Acme does', '--by', ana);
  return p.id;
}

/** Selects what the field holds and types over it, as a lead does, then leaves the field. */
async function typeOver(browser, selector, text, leave = 'Tab') {
  const field = await browser.$(selector);
  await field.click();
  await browser.execute((el) => el.select(), field);
  await browser.keys([...text]);
  if (leave) await browser.keys([leave]);
  return field;
}

test('every date field refuses an impossible date in place, keeps it, and saves nothing', async () => {
  let project;
  const { browser, dataDir, close } = await openApp({ env: NOW, prepare: (dir) => (project = prepare(dir)) });
  const milestones = () =>
    Object.fromEntries(cliAt(NOW, dataDir, 'milestone', 'list', '--project', project).map((m) => [m.title, m.planned]));
  try {
    await (await byText(browser, 'a', 'Acme to Globex SSO')).click();
    await byText(browser, 'h1', 'Acme to Globex SSO');

    // Tracks, a milestone's planned date (the reported case): typed over its date.
    await (await browser.$('a=Tracks')).click();
    const sandbox = 'input[aria-label="Planned date: Sandbox access"]';
    await (await browser.$(sandbox)).waitForDisplayed();
    const before = milestones();
    const field = await typeOver(browser, sandbox, '02/31/2027');
    const refusal = await browser.$('li*=Sandbox access').$('[role=alert]');
    await refusal.waitForDisplayed();
    assert.equal(await refusal.getText(), 'Planned date: 02/31/2027 is not a real date (February 2027 has 28 days)');
    assert.equal(await field.getValue(), '02/31/2027', 'what was typed stays on screen');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.equal(await (await browser.$('input[aria-label="Planned date: First API call"]')).getValue(), '12/27/2026',
      'the other milestone keeps its own date');
    assert.deepEqual(milestones(), before, 'nothing saved');
    await screenshot(browser, 'dates-tracks-refused');
    // A real date typed the same way saves, and the refusal goes.
    await typeOver(browser, sandbox, '3/19/2027', 'Enter');
    await browser.waitUntil(() => milestones()['Sandbox access'] === '2027-03-19', {
      timeout: 5000, timeoutMsg: 'the typed date was not saved',
    });
    await refusal.waitForDisplayed({ reverse: true });
    assert.equal(await (await browser.$(sandbox)).getValue(), '03/19/2027');

    // Tracks, a new milestone's date (a form): refused under the field, nothing added.
    await (await browser.$('#milestone-title')).setValue('Pen test');
    await typeOver(browser, '#milestone-planned', '02/30/2027', null);
    await (await browser.$('button*=Add milestone')).click();
    const plannedError = await browser.$('#milestone-planned-error');
    await plannedError.waitForDisplayed();
    assert.equal(await plannedError.getText(), 'Planned: 02/30/2027 is not a real date (February 2027 has 28 days)');
    assert.equal(await (await browser.$('#milestone-planned')).getValue(), '02/30/2027');
    assert.equal(Object.keys(milestones()).length, 2, 'nothing added');
    // The calendar beside the field opens the picker.
    await (await browser.$('button[aria-label="Pick planned in a calendar"]')).click();
    await screenshot(browser, 'dates-tracks-form-refused');
    await browser.keys(['Escape']);

    // Blockers, a new blocker's due date (a dialog).
    await (await browser.$('a=Blockers')).click();
    await (await byText(browser, 'button', 'Add the first blocker')).click();
    await (await browser.$('#blocker-title')).setValue('Sandbox keys');
    await typeOver(browser, '#blocker-due', '04/31/2027', null);
    await (await browser.$('[role=dialog] button[type=submit]')).click();
    const dueError = await browser.$('#blocker-due-error');
    await dueError.waitForDisplayed();
    assert.equal(await dueError.getText(), 'Due: 04/31/2027 is not a real date (April 2027 has 30 days)');
    assert.equal(await (await browser.$('#blocker-due')).getValue(), '04/31/2027');
    assert.deepEqual(cliAt(NOW, dataDir, 'blocker', 'list', '--project', project), [], 'no blocker added');
    await screenshot(browser, 'dates-blocker-refused');
    await browser.keys(['Escape']);

    // Overview, the project's target launch (the details dialog).
    await (await browser.$('a=Overview')).click();
    await (await browser.$('button*=Edit details')).click();
    await typeOver(browser, '#details-target', '02/29/2027', null);
    await (await browser.$('[role=dialog] button[type=submit]')).click();
    const targetError = await browser.$('#details-target-error');
    await targetError.waitForDisplayed();
    assert.equal(await targetError.getText(), 'Target launch: 02/29/2027 is not a real date (February 2027 has 28 days)');
    assert.equal(cliAt(NOW, dataDir, 'project', 'show', '--project', project).target_launch, '2027-04-01');
    await browser.keys(['Escape']);

    // Cadence: the status's week, and a decision's date.
    await (await browser.$('a=Cadence')).click();
    const week = await browser.$('input[aria-label="Week of"]');
    await browser.waitUntil(async () => (await week.getValue()) === '01/15/2027', {
      timeout: 5000, timeoutMsg: 'the week field does not show this week',
    });
    await typeOver(browser, 'input[aria-label="Week of"]', '13/01/2027');
    const weekError = await browser.$('#status-week-error');
    await weekError.waitForDisplayed();
    assert.equal(await weekError.getText(), 'Week of: 13/01/2027 is not a real date (there is no month 13)');
    assert.equal(await week.getValue(), '13/01/2027');
    await (await browser.$('button[aria-label="Correct the decision: Who creates the tenant?"]')).click();
    await typeOver(browser, '#edit-decision-decided_on', '2/30/2027', null);
    await (await browser.$('[role=dialog] button[type=submit]')).click();
    const decidedError = await browser.$('#edit-decision-decided_on-error');
    await decidedError.waitForDisplayed();
    assert.equal(await decidedError.getText(), 'Decided on: 2/30/2027 is not a real date (February 2027 has 28 days)');
    const [decision] = cliAt(NOW, dataDir, 'decision', 'list', '--project', project);
    assert.equal(decision.decided_on, '2027-01-11', 'the decision keeps its date');
    await screenshot(browser, 'dates-cadence-refused');
  } finally {
    await close();
  }
});
