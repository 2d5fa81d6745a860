// Measures the real app on the large workspace under Xvfb: time from launch to the first
// painted portfolio row, and memory (PSS of the app and its WebKit processes) after start-up
// and after visiting every screen of a project. Prints JSON. Run: bash scripts/measure-app.sh
import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, cli, screenshot } from './lib/app.mjs';

/** PSS in MB of every process whose command line names the app or WebKit's helpers. */
function pss() {
  const out = {};
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmd;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    const name = /seamline-app/.test(cmd) && !/tauri-driver|WebKitWebDriver/.test(cmd)
      ? 'app'
      : /WebKitWebProcess/.test(cmd)
        ? 'webkit-web'
        : /WebKitNetworkProcess/.test(cmd)
          ? 'webkit-network'
          : null;
    if (!name) continue;
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      out[name] = (out[name] ?? 0) + kb / 1024;
    } catch {
      // the process ended meanwhile
    }
  }
  const total = Object.values(out).reduce((a, b) => a + b, 0);
  return { ...Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Math.round(v)])), total: Math.round(total) };
}

const dataDir = process.env.MEASURE_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'seamline-measure-'));
// MEASURE_DATA_DIR reuses a large workspace made before (it takes a while to make).
const generated = process.env.MEASURE_DATA_DIR
  ? { projects: cli(dataDir, 'project', 'list'), ops: null }
  : cli(dataDir, 'demo', '--scale', 'large');
// The user's name, so the first-start prompt does not cover the screens.
cli(dataDir, 'me', '--name', 'Maya Chen');

/** When the app's process started, in epoch ms (from /proc, to 10 ms). */
function appStartedAt() {
  const ticks = 100; // CLK_TCK on Linux
  // The boot instant from the uptime (10 ms) rather than /proc/stat's btime (whole seconds).
  const boot = Date.now() - Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmd;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!/seamline-app/.test(cmd) || /tauri-driver|WebKitWebDriver/.test(cmd)) continue;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return boot + (Number(fields[19]) / ticks) * 1000; // field 22 of stat
  }
  return null;
}

/** One launch of the app on the large workspace, with extra environment `env`. */
async function run(env) {
  // From launching the app (tauri-driver, the window, the web view) to the first project row
  // of the portfolio painted; the WebDriver start-up adds to this figure, so the app's own
  // mark is read too (from its process start to the frame that painted the first rows).
  let blockerRows = null;
  // The web process's PSS after each screen, to see which screen grows it.
  const perScreen = {};
  const launched = Date.now();
  const { browser, close } = await openApp({ dataDir, env });
  try {
    const row = await browser.$('table.projects tbody tr a');
    await row.waitForDisplayed({ timeout: 20000 });
    const firstPortfolioMs = Date.now() - launched;
    const started = appStartedAt();
    await browser.waitUntil(
      () => browser.execute(() => performance.getEntriesByName('seamline:portfolio-painted').length > 0),
      { timeout: 5000 },
    );
    const paintedAt = await browser.execute(
      () => performance.timeOrigin + performance.getEntriesByName('seamline:portfolio-painted')[0].startTime,
    );
    await new Promise((r) => setTimeout(r, 3000));
    const afterStart = pss();
    await row.scrollIntoView();
    await row.click();
    for (const section of [
      'Kickoff setup',
      'Scope',
      'Contract',
      'Blockers',
      'RACI',
      'Tracks',
      'Checklists',
      'Cadence',
      'Metrics',
      'Sync',
      'Activity',
      'Overview',
    ]) {
      // From the click to the frame after the new screen is in place (SvelteKit changes the
      // address once the screen's data is loaded): what a setting such as JIT off costs.
      const switchMs = await browser.executeAsync((name, done) => {
        const link = [...document.querySelectorAll('nav.sidebar a')].find((a) => a.textContent.trim() === name);
        const before = location.pathname;
        const t0 = performance.now();
        link.click();
        const tick = () => {
          if (location.pathname !== before && document.querySelector('main h1'))
            requestAnimationFrame(() => done(Math.round(performance.now() - t0)));
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }, section);
      await new Promise((r) => setTimeout(r, 700));
      const { total, 'webkit-web': web } = pss();
      // Elements in the page: what a screen leaves behind shows here before it shows in PSS.
      const elements = await browser.execute(() => document.getElementsByTagName('*').length);
      perScreen[section] = { total, web, elements, switch_ms: switchMs };
      if (section === 'Blockers') {
        // A long list keeps only the rows in view in the page (virtualized).
        blockerRows = await browser.execute(() => ({
          in_page: document.querySelectorAll('table tbody tr:not(.pad)').length,
          in_list: Number(/(\d+) open/.exec(document.body.innerText)?.[1] ?? 0),
        }));
        await screenshot(browser, `large-blockers${env.WEBKIT_DISABLE_COMPOSITING_MODE ?? ''}`);
        await browser.execute(() => {
          const box = document.querySelector('.table-scroll');
          if (box) box.scrollTop = box.scrollHeight / 2;
        });
        await new Promise((r) => setTimeout(r, 300));
        await screenshot(browser, `large-blockers-scrolled${env.WEBKIT_DISABLE_COMPOSITING_MODE ?? ''}`);
      }
    }
    await new Promise((r) => setTimeout(r, 2000));
    const afterScreens = pss();
    return {
      blocker_rows: blockerRows,
      env,
      launch_to_first_portfolio_row_ms: firstPortfolioMs,
      app_start_to_first_portfolio_row_ms: started ? Math.round(paintedAt - started) : null,
      pss_mb_after_start: afterStart,
      pss_mb_after_every_screen: afterScreens,
      pss_mb_total_after_each_screen: perScreen,
    };
  } finally {
    await close();
  }
}

const runs = [];
// As shipped (the app turns WebKitGTK's accelerated compositing off on Linux), then with it
// on, which is what that choice saves.
// The first launch after a build reads the binary and the workspace from disk: it is run
// once first and reported apart ("cold"), then each configuration is measured warm.
// MEASURE_QUICK=1: one warm run as shipped, for comparing a change to the UI.
const quick = process.env.MEASURE_QUICK === '1';
// MEASURE_ENV (a JSON object): extra environment for every launch, to try a setting before
// making it the app's own.
const extra = JSON.parse(process.env.MEASURE_ENV ?? '{}');
const cold = quick ? null : await run({ ...extra });
for (const env of quick ? [{}] : [{}, { WEBKIT_DISABLE_COMPOSITING_MODE: '0' }]) runs.push(await run({ ...extra, ...env }));
console.log(
  JSON.stringify(
    { workspace: { projects: generated.projects.length, ops: generated.ops }, cold, runs },
    null,
    2,
  ),
);
