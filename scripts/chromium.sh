#!/usr/bin/env bash
# Headless Chromium for the HTML report test (tests/InstantlySync.IntegrationTests/Report).
#
#   scripts/chromium.sh    install Debian's chromium package if `chromium` is not on PATH,
#                          then print its version
#
# Idempotent: with chromium present it only prints the version. The browser test fails (it never
# skips) without chromium, so scripts/test.sh runs this before building.
set -euo pipefail

# Another apt-get (an image's background `apt-get update`, a second shell) holds the apt locks;
# wait for it instead of racing it. Waiting is read-only: we never stop someone else's process.
wait_for_apt() {
  local waited=0
  while pgrep -x apt-get >/dev/null 2>&1 || pgrep -x dpkg >/dev/null 2>&1; do
    if [ "$waited" -eq 0 ]; then echo "chromium.sh: waiting for another apt-get to finish" >&2; fi
    if [ "$waited" -ge 600 ]; then echo "chromium.sh: apt-get still busy after 10 minutes" >&2; exit 1; fi
    sleep 2
    waited=$((waited + 2))
  done
}

# Package lists younger than a day are fresh enough; a recent background update saves a fetch.
lists_fresh() {
  [ -n "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages' -mmin -1440 -print -quit 2>/dev/null)" ]
}

install_chromium() {
  echo "chromium.sh: chromium not found; installing Debian's chromium package (apt may take a few minutes)" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  wait_for_apt
  if ! lists_fresh; then
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  fi
  wait_for_apt
  # dpkg prints a line per unpacked file; keep it in a log and show its tail only on failure.
  local log
  log=$(mktemp)
  if ! $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
}

if ! command -v chromium >/dev/null 2>&1; then
  install_chromium
  command -v chromium >/dev/null 2>&1 || { echo "chromium.sh: chromium still not installed" >&2; exit 1; }
fi
# Debian's launcher script trips over its own shm check on some containers; the message is noise.
chromium --version 2>/dev/null
