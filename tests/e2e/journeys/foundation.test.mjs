// Foundation journeys: a new user creates a project and its people in the real window, and
// the app opens on the demo workspace made by the command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, byText, cli, cliAt, screenshot, setDate } from '../lib/app.mjs';

test('a new user creates a project and its people, and bad input is refused in place', async () => {
  const { browser, dataDir, close } = await openApp();
  try {
    await byText(browser, 'h2', 'No integration projects yet');
    await screenshot(browser, 'portfolio-empty');
    await (await byText(browser, 'button', 'Create your first project')).click();

    // An empty form is refused under every field at once, and nothing is created.
    await (await browser.$('#project-ours')).waitForDisplayed();
    await (await browser.$('button[type=submit]')).click();
    const nameError = await browser.$('#project-name-error');
    await nameError.waitForDisplayed();
    assert.equal(await nameError.getText(), 'Project name is required.');
    assert.equal(await (await browser.$('#project-ours-error')).getText(), 'Our company is required.');
    assert.equal(await (await browser.$('#project-partner-error')).getText(), 'Partner company is required.');
    assert.deepEqual(cli(dataDir, 'project', 'list'), []);
    await screenshot(browser, 'new-project-refused');
    // Each flag clears as its field is filled.
    await (await browser.$('#project-ours')).setValue('A');
    await browser.waitUntil(async () => !(await browser.$('#project-ours-error').isExisting()));
    assert.ok(await browser.$('#project-name-error').isExisting(), 'the others stay until fixed');
    await (await browser.$('#project-ours')).clearValue();

    // An impossible date typed in full is refused, never dropped.
    await (await browser.$('#project-target_launch')).click();
    await browser.keys(['0', '2', '3', '1', '2', '0', '2', '7']);
    // The field keeps what was typed; it gives no date, so sent as is the project would have
    // been created without a target launch.
    assert.equal(await (await browser.$('#project-target_launch')).getValue(), '02312027');
    await (await browser.$('button[type=submit]')).click();
    const dateError = await browser.$('#project-target_launch-error');
    await dateError.waitForDisplayed();
    assert.equal(
      await dateError.getText(),
      'Target launch: 02312027 is not a real date (February 2027 has 28 days)',
    );
    assert.deepEqual(cli(dataDir, 'project', 'list'), []);

    await (await browser.$('#project-ours')).setValue('Acme');
    await (await browser.$('#project-partner')).setValue('Globex');
    await (await browser.$('#project-name')).setValue('Acme to Globex SSO');
    await (await browser.$('#project-archetype')).selectByAttribute('value', 'identity');
    // Set as the picker does (after the impossible date, a real one clears the flag).
    await setDate(browser, '#project-target_launch', '2027-04-01');
    await (await browser.$('button[type=submit]')).click();
    await byText(browser, 'h1', 'Acme to Globex SSO');
    await byText(browser, 'a', 'Ready 0 of 9');

    // Our side: a person, then the owner role.
    await (await (await browser.$('section[data-side=ours]')).$('button*=Add person')).click();
    await (await browser.$('#person-name')).setValue('Ana Ruiz');
    await (await browser.$('#person-title')).setValue('Partnerships Lead');
    await (await browser.$('[role=dialog] button[type=submit]')).click();
    await byText(browser, 'span', 'Ana Ruiz');
    await (await browser.$('#ours-owner')).selectByVisibleText('Ana Ruiz');
    await byText(browser, 'a', 'Ready 1 of 9');
    // The owner cannot also be the escalation contact: refused under the picker, in words
    // that name the company, and the picker goes back to no one.
    const escalation = await browser.$('#ours-escalation');
    await escalation.selectByVisibleText('Ana Ruiz');
    const refused = await browser.$('#ours-escalation-error');
    await refused.waitForDisplayed();
    assert.equal(
      await refused.getText(),
      "Ana Ruiz is already Acme's owner; the escalation contact must be someone above the owner",
    );
    await browser.waitUntil(async () => (await escalation.getValue()) === '', {
      timeout: 3000,
      timeoutMsg: 'the escalation picker still shows the refused person',
    });
    await screenshot(browser, 'people-escalation-refused');

    // Partner side: a bad email is refused under the field, then fixed.
    await (await (await browser.$('section[data-side=partner]')).$('button*=Add person')).click();
    await (await browser.$('#person-name')).setValue('Kim Park');
    await (await browser.$('#person-email')).setValue('kim at globex');
    await (await browser.$('[role=dialog] button[type=submit]')).click();
    const emailError = await browser.$('#person-email-error');
    await emailError.waitForDisplayed();
    assert.equal(
      await emailError.getText(),
      "must be an e-mail address like name@example.com (got 'kim at globex')",
    );
    await (await browser.$('#person-email')).clearValue();
    await (await browser.$('#person-email')).setValue('kim@globex.example');
    await (await browser.$('[role=dialog] button[type=submit]')).click();
    await byText(browser, 'span', 'Kim Park');
    await screenshot(browser, 'project-people');

    // The portfolio lists it, and the command sees the same workspace.
    await (await browser.$('a=Portfolio')).click();
    await byText(browser, 'a', 'Acme to Globex SSO');
    await screenshot(browser, 'portfolio');
    const [project] = cli(dataDir, 'project', 'list');
    const shown = cli(dataDir, 'project', 'show', '--project', project.id);
    assert.equal(shown.archetype, 'identity');
    assert.equal(shown.target_launch, '2027-04-01');
    assert.deepEqual(
      shown.people.map((p) => [p.side, p.name, p.email]),
      [
        ['ours', 'Ana Ruiz', null],
        ['partner', 'Kim Park', 'kim@globex.example'],
      ],
    );
    assert.equal(shown.owner_ours, shown.people[0].id);
  } finally {
    await close();
  }
});

test('the app opens on the demo workspace with both sides staffed', async () => {
  const { browser, close } = await openApp({
    env: { SEAMLINE_NOW: '2027-01-15T10:00:00Z' },
    prepare: (dir) => cliAt({ SEAMLINE_NOW: '2027-01-15T10:00:00Z' }, dir, 'demo'),
  });
  try {
    await (await byText(browser, 'a', 'CRM to billing sync')).click();
    await byText(browser, 'h1', 'CRM to billing sync');
    await byText(browser, 'a', 'Ready 8 of 9');
    for (const name of ['Maya Chen', 'Daniel Okafor', 'Lukas Weber', 'Sofia Alvarez']) {
      await byText(browser, 'span', name);
    }
    await screenshot(browser, 'demo-project');
  } finally {
    await close();
  }
});
