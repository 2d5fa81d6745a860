// Measures the real app on the large workspace under Xvfb: time from launch to the first
// painted portfolio row, and memory (PSS of the app and its WebKit processes) after start-up
// and after visiting every screen of a project. Prints JSON. Run: bash scripts/measure-app.sh
import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, cli } from './lib/app.mjs';

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

const dataDir = mkdtempSync(join(tmpdir(), 'seamline-measure-'));
const generated = cli(dataDir, 'demo', '--scale', 'large');

// From launching the app (tauri-driver, the window, the web view) to the first project row of
// the portfolio painted; the WebDriver start-up adds a little to the real figure.
const launched = Date.now();
const { browser, close } = await openApp({ dataDir });
try {
  const row = await browser.$('table.projects tbody tr a');
  await row.waitForDisplayed({ timeout: 20000 });
  const firstPortfolioMs = Date.now() - launched;
  await new Promise((r) => setTimeout(r, 3000));
  const afterStart = pss();
  await row.click();
  for (const section of ['Blockers', 'RACI', 'Tracks', 'Cadence', 'Metrics', 'Sync', 'Activity', 'Overview']) {
    await (await browser.$(`a=${section}`)).click();
    await new Promise((r) => setTimeout(r, 700));
  }
  await new Promise((r) => setTimeout(r, 2000));
  const afterScreens = pss();
  console.log(
    JSON.stringify(
      {
        workspace: { projects: generated.projects.length, ops: generated.ops },
        launch_to_first_portfolio_row_ms: firstPortfolioMs,
        pss_mb_after_start: afterStart,
        pss_mb_after_every_screen: afterScreens,
      },
      null,
      2,
    ),
  );
} finally {
  await close();
}
