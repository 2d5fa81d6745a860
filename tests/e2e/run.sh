#!/usr/bin/env bash
# Runs the end-to-end journeys against the built app (target/debug/seamline-app, built with
# the custom-protocol feature). Starts a virtual display when there is none.
#
# Everything the journeys start (tauri-driver, WebKitWebDriver, the app and WebKit's helper
# processes) runs in a session of its own, ended as a whole when the journeys end, pass or
# fail: one straggler would hold the caller's output open, and CI waits for that output to
# close. A journey run that hangs is stopped after 30 minutes (it takes about 3).
set -euo pipefail
cd "$(dirname "$0")"

cleanup() {
  if [ -n "${runner:-}" ]; then
    # Live ones only: an exited process waiting to be reaped (Z) holds nothing open.
    left=$(ps -s "$runner" -o pid=,stat=,args= 2>/dev/null | awk '$2 !~ /^Z/' || true)
    if [ -n "$left" ]; then
      echo "Still running after the journeys, now stopped:" >&2
      echo "$left" >&2
      pkill -KILL -s "$runner" 2>/dev/null || true
    fi
  fi
  if [ -n "${xvfb_pid:-}" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if [ -z "${DISPLAY:-}" ]; then
  display=":$((90 + RANDOM % 100))"
  Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  export DISPLAY=$display
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done 2>/dev/null || sleep 1
fi
export NO_AT_BRIDGE=1
# A background job of a script is not a process-group leader, so setsid makes the new
# session in place: the job's pid is the session's id.
setsid --wait timeout --kill-after=30s 30m npm test &
runner=$!
wait "$runner"
