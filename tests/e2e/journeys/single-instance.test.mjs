// One app per workspace: a second launch on the same workspace hands over to the running app
// and exits without touching anything; an app on another workspace runs side by side. Needs a
// D-Bus session bus (the plugin's channel on Linux), which the journey starts for itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP, cli } from '../lib/app.mjs';

function launch(dataDir, bus) {
  const app = spawn(APP, [], {
    env: { ...process.env, SEAMLINE_DATA_DIR: dataDir, DBUS_SESSION_BUS_ADDRESS: bus },
    stdio: 'ignore',
  });
  app.exited = new Promise((resolve) => app.once('exit', (code) => resolve(code)));
  return app;
}

async function exitsWithin(app, ms) {
  return Promise.race([app.exited, sleep(ms).then(() => 'running')]);
}

test('a second launch on the same workspace leaves the first one alone', async () => {
  const [bus, pid] = execFileSync('dbus-daemon', ['--session', '--fork', '--print-address=1', '--print-pid=1'], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n');
  const workspace = mkdtempSync(join(tmpdir(), 'seamline-single-'));
  const other = mkdtempSync(join(tmpdir(), 'seamline-other-'));
  cli(workspace, 'demo');
  const first = launch(workspace, bus);
  const elsewhere = launch(other, bus);
  try {
    assert.equal(await exitsWithin(first, 4000), 'running', 'the first app runs');
    const second = launch(workspace, bus);
    assert.equal(await exitsWithin(second, 15000), 0, 'the second launch handed over and exited');
    assert.equal(await exitsWithin(first, 500), 'running', 'the first app is still there');
    assert.equal(await exitsWithin(elsewhere, 500), 'running', 'an app on another workspace runs too');
  } finally {
    first.kill('SIGTERM');
    elsewhere.kill('SIGTERM');
    await Promise.all([first.exited, elsewhere.exited]);
    process.kill(Number(pid), 'SIGTERM');
  }
});
