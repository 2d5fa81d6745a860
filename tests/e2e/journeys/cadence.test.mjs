// Cadence in the real window: the weekly status is drafted from the data, edited and
// published into the project's history, and the burn-down chart is drawn from the criteria.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, byText, cliAt, dismissToasts, screenshot, setDate } from '../lib/app.mjs';

const FRIDAY = { SEAMLINE_NOW: '2027-01-15T16:00:00Z' };

test('publish a weekly status and see the burn-down drawn', async () => {
  let project;
  const { browser, close, dataDir } = await openApp({
    env: FRIDAY,
    prepare: (dir) => (project = cliAt(FRIDAY, dir, 'demo').project),
  });
  try {
    await (await byText(browser, 'a', 'CRM to billing sync')).click();
    await byText(browser, 'h1', 'CRM to billing sync');

    // The status day and this computer's reminders are set with the project's details.
    await (await browser.$('button*=Edit details')).click();
    await (await browser.$('#details-status')).selectByVisibleText('Friday');
    await (await browser.$('label*=Remind me on this computer')).click();
    // Northwind's own holiday, typed as dates are in this locale: its blockers do not age on it.
    await (await browser.$('#details-own-holidays')).setValue('05/27/2027, 07/04/2027');
    // Northwind's work week: it works Saturdays too; Ledgerly's is shown, Ledgerly's to change.
    await (await browser.$('input[data-day="sat"]')).click();
    const noteEl = await browser.$('#details-week-hint');
    await noteEl.scrollIntoView();
    const note = await noteEl.getText();
    assert.match(note, /Ledgerly works Monday to Friday \(theirs to change\)/);
    await screenshot(browser, 'project-details');
    await (await browser.$('[role=dialog] button[type=submit]')).click();
    await (await browser.$('[role=dialog]')).waitForDisplayed({ reverse: true });
    const shown = cliAt(FRIDAY, dataDir, 'project', 'show', '--project', project);
    assert.deepEqual([shown.status_day, shown.reminders], ['friday', false]);
    assert.deepEqual(shown.holidays_ours, ['2027-05-27', '2027-07-04']);
    assert.deepEqual(shown.holidays_partner, [], "Ledgerly's own are Ledgerly's");
    assert.equal(shown.work_week_ours.label, 'Monday to Saturday');
    assert.equal(shown.work_week_partner.label, 'Monday to Friday');
    // The overview says which company works other days than Monday to Friday.
    const week = await byText(browser, 'dt', 'Northwind CRM works');
    assert.equal(await (await week.$('./following-sibling::dd')).getText(), 'Monday to Saturday');
    await screenshot(browser, 'overview-work-week');
    await (await browser.$('a=Cadence')).click();

    // The status opens formatted, as it will be read, for this week (the field says which);
    // editing it is one click away.
    const formatted = await (await browser.$('.status .preview')).$('h2=Shipped');
    await formatted.waitForDisplayed({ timeout: 5000 });
    assert.equal(await (await browser.$('input[aria-label="Week of"]')).getValue(), '01/15/2027');
    await screenshot(browser, 'cadence-opens-formatted');
    await (await browser.$('button=Edit')).click();
    const editor = await browser.$('textarea[aria-label="Weekly status (Markdown)"]');
    await browser.waitUntil(async () => (await editor.getValue()).includes('## Metrics'), {
      timeout: 5000,
      timeoutMsg: 'the status was not drafted',
    });
    const draft = await editor.getValue();
    assert.match(draft, /## Shipped/);
    assert.match(draft, /- Burn-down: 2 of 6 v1 criteria remaining/);
    assert.match(draft, /- Oldest blocker: legal, 9 business days/);
    assert.match(draft, /- Days to app review: /);

    await editor.click();
    await browser.keys(['Control', 'End']);
    await browser.keys('\nOne more note from Maya.');
    // A status may arrive from the other company's device: HTML in it never runs or loads.
    await browser.keys('\n<img src=x onerror="document.title=\'pwned\'"> [site](javascript:alert(1)) <script>document.title="pwned"</script>');
    // Edits survive leaving the screen: they are kept until published or drafted again.
    await (await browser.$('a=Blockers')).click();
    await (await browser.$('[data-filters]')).waitForDisplayed();
    await (await browser.$('a=Cadence')).click();
    await (await browser.$('button=Edit')).click();
    await browser.waitUntil(async () => (await editor.getValue()).includes('One more note from Maya.'), {
      timeout: 5000,
      timeoutMsg: 'the edited status was lost on leaving Cadence',
    });
    // Drafting again is one Undo away from the edits.
    await (await browser.$('button*=Draft again from the data')).click();
    await browser.waitUntil(async () => !(await editor.getValue()).includes('One more note from Maya.'), {
      timeout: 5000,
      timeoutMsg: 'drafting again did not draft from the data',
    });
    await (await browser.$('button=Undo')).click();
    await browser.waitUntil(async () => (await editor.getValue()).includes('One more note from Maya.'), {
      timeout: 5000,
      timeoutMsg: 'Undo did not bring the edits back',
    });
    // A week that cannot be read (typed half or impossible) is refused in place, never
    // published as this week, and the edits stay.
    const reports = async () => (await browser.$$('summary*=Week ending')).length;
    const reportsBefore = await reports();
    const weekField = await browser.$('input[aria-label="Week of"]');
    await weekField.click();
    await browser.execute((el) => el.select(), weekField);
    await browser.keys(['0', '2', '3', '1', '2', '0', '2', '7']);
    await (await browser.$('button*=Publish')).click();
    const weekError = await browser.$('#status-week-error');
    await weekError.waitForDisplayed();
    assert.equal(await weekError.getText(), 'Week of: 02312027 is not a real date (February 2027 has 28 days)');
    assert.equal(await weekField.getValue(), '02312027', 'what was typed stays');
    await screenshot(browser, 'cadence-week-error');
    assert.equal(await weekField.getAttribute('aria-invalid'), 'true');
    assert.match(await editor.getValue(), /One more note from Maya\./);
    assert.equal(await reports(), reportsBefore, 'nothing was published');
    // A real date clears the flag and drafts that week; the edits are one Undo away, and
    // Undo brings back the week they were written for too.
    await setDate(browser, 'input[aria-label="Week of"]', '2027-01-15');
    await weekError.waitForDisplayed({ reverse: true });
    assert.notEqual(await weekField.getAttribute('aria-invalid'), 'true');
    await browser.waitUntil(async () => !(await editor.getValue()).includes('One more note from Maya.'), {
      timeout: 5000,
      timeoutMsg: 'a real week was not drafted',
    });
    await (await browser.$('button=Undo')).click();
    await browser.waitUntil(async () => (await editor.getValue()).includes('One more note from Maya.'), {
      timeout: 5000,
      timeoutMsg: 'Undo did not bring the edits back',
    });
    // Shown formatted before it is published.
    await (await browser.$('button=Preview')).click();
    const preview = await (await browser.$('.preview')).$('h2=Shipped');
    await preview.waitForDisplayed();
    await (await browser.$('button=Edit')).click();
    await (await browser.$('button*=Publish')).click();
    // This week's, once it is listed (a body is drawn when its status is opened).
    await browser.waitUntil(async () => (await reports()) > reportsBefore, {
      timeout: 5000,
      timeoutMsg: 'the status was not listed',
    });
    const published = await browser.$('summary*=Week ending');
    assert.match(await published.getText(), /Jan 15, 2027/, 'the newest first');
    assert.equal(await browser.$$('[data-report]').length, 0, 'no body drawn before it is opened');
    await published.click();
    await browser.waitUntil(
      () =>
        browser.execute(() =>
          [...document.querySelectorAll('[data-report]')].some((p) =>
            p.textContent.includes('One more note from Maya.'),
          ),
        ),
      { timeout: 5000, timeoutMsg: 'the edited status was not published' },
    );
    const report = await browser.execute(() => {
      const r = document.querySelector('[data-report]');
      return {
        headings: [...r.querySelectorAll('h2')].map((h) => h.textContent),
        dangerous: r.querySelectorAll('img, script, a, iframe').length,
        title: document.title,
      };
    });
    assert.ok(report.headings.includes('Shipped'), `formatted: ${JSON.stringify(report)}`);
    assert.equal(report.dangerous, 0, 'no image, script or link survives');
    assert.notEqual(report.title, 'pwned');
    // The agenda reads formatted too.
    assert.ok(await browser.$('h2=Decisions pending').isExisting(), 'the agenda has its headings');
    await screenshot(browser, 'cadence');

    // A recorded decision is corrected in place (its pencil is under the publish toast).
    await dismissToasts(browser);
    await (await browser.$('button[aria-label="Correct the decision: Which side creates the customer record?"]')).click();
    const answer = await browser.$('#edit-decision-decision');
    await answer.waitForDisplayed();
    await answer.clearValue();
    await answer.setValue('Northwind creates it; Ledgerly mirrors it');
    await (await browser.$('[role=dialog] button[type=submit]')).click();
    await browser.waitUntil(
      () => cliAt(FRIDAY, dataDir, 'decision', 'list', '--project', project)
        .some((d) => d.decision === 'Northwind creates it; Ledgerly mirrors it'),
      { timeout: 5000, timeoutMsg: 'the corrected decision was not saved' },
    );

    // Once published, the edits are no longer kept: coming back drafts from the data.
    await (await browser.$('a=Blockers')).click();
    await (await browser.$('[data-filters]')).waitForDisplayed();
    await (await browser.$('a=Cadence')).click();
    await (await browser.$('button=Edit')).click();
    const again = await browser.$('textarea[aria-label="Weekly status (Markdown)"]');
    await browser.waitUntil(async () => (await again.getValue()).includes('## Metrics'), { timeout: 5000 });
    assert.doesNotMatch(await again.getValue(), /One more note from Maya/, 'a published status is not kept as a draft');

    await (await browser.$('a=Metrics')).click();
    await byText(browser, 'h2', 'Acceptance-criteria burn-down');
    const canvas = await browser.$('.chart canvas');
    await canvas.waitForDisplayed();
    // Both charts are drawn: each canvas has painted pixels, not an empty surface (the
    // blockers' one bands the demo's open blockers by the project's own threshold).
    await byText(browser, 'h2', 'Open blockers by class and age');
    await browser.waitUntil(
      async () => (await browser.$$('.chart canvas')).length === 2,
      { timeout: 5000, timeoutMsg: 'the two charts were not drawn' },
    );
    const painted = await browser.execute(() =>
      [...document.querySelectorAll('.chart canvas')].map((c) => {
        const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return n;
      }),
    );
    assert.ok(painted.every((n) => n > 1000), `both charts are drawn (${painted} painted pixels)`);
    await screenshot(browser, 'metrics');

    // The history writes the week as every other date on screen is written, not as ISO.
    await (await browser.$('a=Activity')).click();
    const publishedLine = await (await browser.$('ol[aria-label=Activity]')).$('li*=published the weekly status');
    await publishedLine.waitForDisplayed({ timeout: 5000 });
    const local = await browser.execute(() =>
      new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(
        Date.parse('2027-01-15T00:00:00Z'),
      ),
    );
    const sentence = await publishedLine.getText();
    assert.ok(sentence.includes(`week ending ${local}`), sentence);
    assert.doesNotMatch(sentence, /\d{4}-\d{2}-\d{2}/);
    await screenshot(browser, 'activity-dates');

    // A day chosen can be taken back: the status day returns to the day before the sync, the
    // sync day is left as it was.
    await (await browser.$('a=Overview')).click();
    await (await browser.$('button*=Edit details')).click();
    await (await browser.$('#details-status')).selectByVisibleText('The day before the sync');
    await (await browser.$('[role=dialog] button[type=submit]')).click();
    await (await browser.$('[role=dialog]')).waitForDisplayed({ reverse: true });
    const reset = cliAt(FRIDAY, dataDir, 'project', 'show', '--project', project);
    assert.deepEqual([reset.status_day, reset.sync_day], [null, 'tuesday']);
  } finally {
    await close();
  }
});
