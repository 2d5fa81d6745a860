// Starts the real Seamline app under tauri-driver with a fresh workspace, and hands a
// journey a WebdriverIO browser. Each journey gets its own data folder, so no two share a
// workspace, and its own tauri-driver, so the app inherits that folder through the
// environment.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { remote } from 'webdriverio';

// The app and the command keep test devices' keys in files beside their workspaces, never in
// the keychain of whoever runs the journeys.
process.env.SEAMLINE_KEYSTORE ??= 'file';

const root = resolve(import.meta.dirname, '../../..');
// SEAMLINE_APP picks another build (the measurements use the release one).
export const APP = process.env.SEAMLINE_APP ?? join(root, 'target/debug/seamline-app');
export const CLI = process.env.SEAMLINE_CLI ?? join(root, 'target/debug/seamline');
export const SCREENSHOTS = join(root, 'tests/e2e/screenshots');

async function waitForPort(port, ms = 15000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`tauri-driver did not start on port ${port}`);
}

/** Runs the `seamline` command on the journey's workspace and returns its parsed JSON. */
export function cli(dataDir, ...args) {
  const out = execFileSync(CLI, ['--db', join(dataDir, 'workspace.sqlite'), ...args, '--json'], {
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

/**
 * Shares `project` of the workspace in `dataDir` through `folder` as Seamline shared projects
 * before encryption (format 1): the folder's descriptor as those versions wrote it, then the
 * link, which writes the project's ops into it in the clear.
 */
export function shareBeforeEncryption(dataDir, project, folder) {
  const descriptor = {
    format: 'seamline-folder',
    format_version: 1,
    project_id: project,
    project_name: 'CRM to billing sync',
    min_app_version: '0.1.0',
    created_at: '2026-11-02T09:00:00Z',
  };
  writeFileSync(join(folder, 'seamline.json'), JSON.stringify(descriptor));
  cli(dataDir, 'sync', 'link', '--project', project, '--folder', folder);
}

/** Like `cli`, with extra environment (e.g. SEAMLINE_NOW). */
export function cliAt(env, dataDir, ...args) {
  const out = execFileSync(CLI, ['--db', join(dataDir, 'workspace.sqlite'), ...args, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return JSON.parse(out);
}

/**
 * Opens the app. `prepare(dataDir)` may fill the workspace (through the command) before the
 * window starts. `name` is the user's name, given beforehand so the first-start prompt stays
 * away; `null` leaves it unsaid (the prompt shows). Returns { browser, dataDir, close }.
 */
export async function openApp({ env = {}, prepare, dataDir: reuse, name = 'Maya Chen' } = {}) {
  // A journey may reopen the app on the workspace it used before (`dataDir`).
  const dataDir = reuse ?? mkdtempSync(join(tmpdir(), 'seamline-e2e-'));
  if (prepare) prepare(dataDir);
  if (name && !reuse) cli(dataDir, 'me', '--name', name);
  const driver = spawn('tauri-driver', [], {
    env: { ...process.env, SEAMLINE_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForPort(4444);
  let browser;
  try {
    browser = await remote({
      hostname: '127.0.0.1',
      port: 4444,
      logLevel: 'error',
      capabilities: {
        browserName: 'wry',
        'wdio:enforceWebDriverClassic': true,
        'tauri:options': { application: APP },
      },
    });
  } catch (e) {
    driver.kill('SIGTERM');
    throw e;
  }
  const close = async () => {
    try {
      await browser.deleteSession();
    } finally {
      // SIGTERM, never SIGKILL: killed hard, tauri-driver leaves WebKitWebDriver on its port.
      driver.kill('SIGTERM');
      await new Promise((r) => driver.once('exit', r));
    }
  };
  return { browser, dataDir, close };
}

/** Waits for an element with exactly this visible text. */
export async function byText(browser, selector, text, timeout = 5000) {
  const el = await browser.$(`${selector}=${text}`);
  await el.waitForDisplayed({ timeout });
  return el;
}

/**
 * Closes every toast with its close button, as a user would before clicking what one covers.
 * Toasts sit bottom right, over the right edge of the cards; WebKitWebDriver clicks whatever is
 * at the element's centre, so a click on a button under a toast lands on the toast instead.
 */
export async function dismissToasts(browser) {
  await browser.execute(() =>
    document.querySelectorAll('[data-sonner-toast] [data-close-button]').forEach((b) => b.click()),
  );
  await browser.waitUntil(
    () => browser.execute(() => document.querySelectorAll('[data-sonner-toast]').length === 0),
    { timeout: 5000, timeoutMsg: 'a toast stayed after its close button' },
  );
}

/**
 * Saves what the display shows. Taken from the X server (ImageMagick's `import`), not through
 * WebDriver: with WebKitGTK's compositing off, as the app runs on Linux, WebKitWebDriver's
 * screenshot request can hang until the client gives up. `browser` is kept so a journey
 * reads the same either way, and to let the page settle first.
 */
export async function screenshot(browser, name) {
  // One frame for the last change to paint before the display is read.
  await browser.execute(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  execFileSync('import', ['-window', 'root', join(SCREENSHOTS, `${name}.png`)], { stdio: 'ignore' });
}

/** Sets a date field to `YYYY-MM-DD` (or text as typed, 04/02/2027) in one go and tells the
 *  page, as picking it in the calendar does. */
export async function setDate(browser, selector, iso) {
  const el = await browser.$(selector);
  await browser.execute(
    (input, value) => {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    el,
    iso,
  );
}

/** Dark mode as the system would ask for it: the dark tokens applied without the media query. */
export async function forceDark(browser) {
  await browser.execute(() => {
    const style = document.createElement('style');
    style.dataset.forcedDark = '';
    // The dark rules of every sheet, last in the page so they win. A screen's styles load when
    // it is first shown, after this ran: each new sheet has its dark rules added and this
    // sheet moved after it again, or that screen would be checked and drawn in light.
    const apply = () => {
      let css = '';
      for (const sheet of document.styleSheets) {
        if (sheet.ownerNode === style) continue;
        let rules;
        try {
          rules = sheet.cssRules;
        } catch {
          continue; // not loaded yet: its load event applies again
        }
        for (const rule of rules) {
          if (rule.media && rule.media.mediaText.includes('prefers-color-scheme: dark')) {
            for (const inner of rule.cssRules) css += inner.cssText;
          }
        }
      }
      style.textContent = css;
      if (document.head.lastElementChild !== style) document.head.appendChild(style);
    };
    new MutationObserver((changes) => {
      for (const c of changes)
        for (const n of c.addedNodes) if (n !== style && n.tagName === 'LINK') n.addEventListener('load', apply);
      if (document.head.lastElementChild !== style) apply();
    }).observe(document.head, { childList: true });
    apply();
  });
}

/** Every screen of a project, as the sidebar names them. */
export const SCREENS = ['Overview', 'Kickoff setup', 'Scope', 'Contract', 'Blockers', 'RACI', 'Tracks',
  'Checklists', 'Cadence', 'Metrics', 'Sync', 'Activity'];

/** The portfolio, freshly loaded in a window of this size and theme. */
export async function portfolioAt(browser, { theme, width, height }) {
  await browser.setWindowSize(width, height);
  // Wait for the new page, not the one being left (which may be the portfolio already): the
  // dark rules must go into the page that stays.
  await browser.execute(() => {
    window.__leaving = true;
    location.href = '/';
  });
  await browser.waitUntil(() => browser.execute(() => !window.__leaving), { timeout: 10000 });
  await byText(browser, 'h1', 'Portfolio', 10000);
  if (theme === 'dark') await forceDark(browser);
}
