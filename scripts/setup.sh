#!/usr/bin/env bash
# Installs whatever is missing to build, run and test Seamline on Debian or Ubuntu:
# system packages (apt), the npm packages of the UI and of the end-to-end tests, and
# tauri-driver. Safe to run again: it only installs what is not there.
#   scripts/setup.sh          everything needed to build and run the app
#   scripts/setup.sh --test   also what the end-to-end tests need (Xvfb, WebKitWebDriver, tauri-driver)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false
[ "${1:-}" = "--test" ] && want_test=true

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

packages=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  libsoup-3.0-dev build-essential pkg-config libssl-dev file)
$want_test && packages+=(xvfb webkit2gtk-driver imagemagick python3 dbus syncthing)

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing system packages: ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  say "Not a Debian or Ubuntu machine: install the Tauri prerequisites yourself (see README)."
fi

command -v cargo >/dev/null || { echo "Rust is missing: install it from https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js 20+ and npm are missing: install them first" >&2; exit 1; }

# Installs from the lock file when it is newer than the installed tree (or nothing is
# installed yet). `npm install`, not `npm ci`: npm 11 leaves other platforms' optional
# packages (@tauri-apps/cli-darwin-*, -win32-*) out of the lock, and `npm ci` then refuses it.
npm_install() {
  local dir=$1
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "Installing npm packages in $dir"
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
  fi
}
npm_install ui

if $want_test; then
  npm_install tests/e2e
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "Installing tauri-driver"
    # ^2: a plain install picks a 3.0 alpha that does not drive Tauri 2 apps.
    cargo install tauri-driver --version ^2 --locked --quiet
  fi
fi
