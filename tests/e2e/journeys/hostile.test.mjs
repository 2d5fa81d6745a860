// What a partner's device can do to the lead's window, and what the lead sees: a clock a year
// ahead is named on the Sync screen and never stops an edit; a project the partner deletes
// is left by the partner company only: the lead keeps it, told who left, until they come back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, byText, cli, cliAt, screenshot } from '../lib/app.mjs';

test('a partner’s wrong clock and deletion never cost the lead an edit or a project', async () => {
  const shared = mkdtempSync(join(tmpdir(), 'seamline-shared-'));
  const partner = mkdtempSync(join(tmpdir(), 'seamline-partner-'));
  let project;
  let code;
  const { browser, close } = await openApp({
    prepare: (dir) => {
      project = cli(dir, 'demo').project;
      code = cli(dir, 'sync', 'link', '--project', project, '--folder', shared).invite;
    },
  });
  try {
    // The partner's laptop thinks it is a year later.
    const ahead = { SEAMLINE_NOW: '2028-01-20T10:00:00Z', SEAMLINE_USER: 'Lukas Weber' };
    cliAt(ahead, partner, 'sync', 'join', '--folder', shared, '--company', 'Ledgerly', '--invite', code);

    // The lead lets Lukas's device in from the Sync screen.
    await (await byText(browser, 'a', 'CRM to billing sync')).click();
    await byText(browser, 'h1', 'CRM to billing sync');
    await (await browser.$('a=Sync')).click();
    await (await browser.$('button*=Sync now')).click();
    const asks = await browser.$('[data-testid=join-requests]');
    await asks.waitForDisplayed({ timeout: 10000 });
    await (await asks.$('button*=Admit')).click();
    await browser.waitUntil(async () => !(await (await browser.$('[data-testid=join-requests]')).isExisting()), {
      timeout: 10000,
      timeoutMsg: 'the partner is let in',
    });
    cliAt(ahead, partner, 'sync', 'run', '--project', project);
    cliAt(ahead, partner, 'project', 'update', '--project', project, '--sync-day', 'friday');
    cliAt(ahead, partner, 'sync', 'run', '--project', project);
    await (await browser.$('button*=Sync now')).click();
    const warning = await browser.$('p*=clock runs about 1 year ahead');
    await warning.waitForDisplayed({ timeout: 10000 });
    assert.match(await warning.getText(), /Lukas Weber's clock runs about 1 year ahead of this device's/);
    await screenshot(browser, 'sync-clock-ahead');

    // The lead still edits: a new blocker is saved although the partner's stamps run a year
    // ahead of this device's clock.
    await (await browser.$('a=Blockers')).click();
    await (await browser.$('button*=New blocker')).click();
    await (await browser.$('#blocker-title')).setValue('Webhook secret rotation');
    await (await browser.$('#blocker-class')).selectByAttribute('value', 'access');
    await (await browser.$('#blocker-owner')).selectByVisibleText('Lukas Weber (Ledgerly)');
    await (await browser.$('[role=dialog] button[type=submit]')).click();
    await byText(browser, 'span', 'Webhook secret rotation');
    await (await browser.$('a=Sync')).click();
    await (await browser.$('button*=Sync now')).click();
    await browser.pause(500);
    cliAt(ahead, partner, 'sync', 'run', '--project', project);
    const titles = cliAt(ahead, partner, 'blocker', 'list', '--project', project).map((b) => b.title);
    assert.ok(titles.includes('Webhook secret rotation'), 'the lead’s edit reached the partner');

    // The partner deletes the project on its device: for the partner company that is leaving
    // it. It is gone from Ledgerly's devices; the lead keeps it, told who left and when, with
    // no error naming its id.
    cliAt(ahead, partner, 'project', 'delete', '--project', project);
    cliAt(ahead, partner, 'sync', 'run', '--project', project);
    await (await browser.$('button*=Sync now')).click();
    await browser.pause(500);
    await (await browser.$('a=Overview')).click();
    const left = await browser.$('[data-testid=partner-left]');
    await left.waitForDisplayed({ timeout: 10000 });
    assert.match(await left.getText(), /Ledgerly left the project/);
    const toasts = await browser.execute(() =>
      [...document.querySelectorAll('[data-sonner-toast]')].map((t) => t.textContent).join(' | '),
    );
    assert.doesNotMatch(toasts, /no project with id/);
    await screenshot(browser, 'overview-partner-left');
    await (await browser.$('a=Portfolio')).click();
    await byText(browser, 'a', 'CRM to billing sync', 10000);
    assert.ok(
      !(await browser.$('section[aria-labelledby=deleted-heading]').isExisting()),
      'the lead’s project is not deleted',
    );

    // Ledgerly comes back: its restore travels, and the lead's banner goes.
    cliAt(ahead, partner, 'project', 'restore', '--project', project);
    cliAt(ahead, partner, 'sync', 'run', '--project', project);
    const back = cliAt(ahead, partner, 'project', 'show', '--project', project);
    assert.equal(back.name, 'CRM to billing sync');
    await (await byText(browser, 'a', 'CRM to billing sync')).click();
    await (await browser.$('a=Sync')).click();
    await (await browser.$('button*=Sync now')).click();
    await browser.pause(500);
    await (await browser.$('a=Overview')).click();
    await browser.waitUntil(async () => !(await (await browser.$('[data-testid=partner-left]')).isExisting()), {
      timeout: 10000,
      timeoutMsg: 'the banner goes once Ledgerly is back',
    });
  } finally {
    await close();
  }
});
