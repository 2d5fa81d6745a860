#!/usr/bin/env bash
# Installs the built .deb on a fresh Debian 12 (a minimal debootstrap tree with nothing of the
# build machine's packages), launches it on a virtual display, and saves a screenshot: what a
# user on a clean machine gets from `apt install ./Seamline_*.deb`.
#
#   bash scripts/try-deb.sh [path/to/Seamline_x_amd64.deb]
#
# Needs root (debootstrap, chroot) and Debian's package mirror. The fresh tree is kept in
# /var/tmp/seamline-fresh (reused when it is there; delete it to start again from nothing).
# Not part of the test command: it downloads a whole base system.
set -euo pipefail
cd "$(dirname "$0")/.."

deb="${1:-$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1)}"
[ -f "$deb" ] || { echo "no .deb: build one with ./ui/node_modules/.bin/tauri build --bundles deb" >&2; exit 2; }
base=/var/tmp/seamline-fresh
root=$base/root
shot="${SHOT:-tests/e2e/screenshots/deb-on-fresh-debian.png}"

command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap xvfb imagemagick >/dev/null
if [ ! -x "$root/usr/bin/apt-get" ]; then
  rm -rf "$root"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
fi

mounts=()
cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
for m in proc sys dev dev/pts; do
  mkdir -p "$root/$m"
  mount --bind "/$m" "$root/$m"
  mounts+=("$root/$m")
done
cp /etc/resolv.conf "$root/etc/resolv.conf"

# The package manager resolves the .deb's dependencies from the mirror, as on a user's machine.
cp "$deb" "$root/tmp/seamline.deb"
chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get update -qq
chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/seamline.deb >/dev/null
echo "installed: $(chroot "$root" dpkg-query -W -f='${Package} ${Version}' seamline)"
chroot "$root" test -f /usr/share/applications/Seamline.desktop && echo "desktop entry: /usr/share/applications/Seamline.desktop"
exe=$(chroot "$root" sh -c 'grep -m1 "^Exec=" /usr/share/applications/Seamline.desktop | cut -d= -f2 | cut -d" " -f1')
echo "launching: $exe"

# The display is the host's Xvfb, reached through its socket.
display=":$((150 + RANDOM % 50))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
mkdir -p "$root/tmp/.X11-unix"
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
mounts+=("$root/tmp/.X11-unix")
rm -rf "$root/tmp/seamline-data"
chroot "$root" /usr/bin/env -i DISPLAY="$display" HOME=/root PATH=/usr/bin:/bin NO_AT_BRIDGE=1 \
  SEAMLINE_DATA_DIR=/tmp/seamline-data "$exe" >"$base/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 60); do
  [ -f "$root/tmp/seamline-data/workspace.sqlite" ] && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$base/app.log"; echo "the app exited" >&2; exit 1; }
  sleep 0.5
done
sleep 5
kill -0 "$app_pid" 2>/dev/null || { cat "$base/app.log"; echo "the app exited" >&2; exit 1; }
[ -f "$root/tmp/seamline-data/workspace.sqlite" ] || { echo "the app made no workspace" >&2; exit 1; }
DISPLAY="$display" import -window root "$shot"
echo "running, workspace created; screenshot: $shot"
