#!/usr/bin/env bash
# Makes sure the headless Chromium the browser tests drive (through playwright-core) is installed:
# Debian's `chromium` package at /usr/bin/chromium. As root it installs it with apt; otherwise it
# says what to run. Costs time only when Chromium is missing.
set -euo pipefail

binary=${PARLEY_CHROMIUM:-/usr/bin/chromium}

[ -x "$binary" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $binary is missing and apt-get is not available; install Chromium and set PARLEY_CHROMIUM to its path" >&2
  exit 1
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-chromium: $binary is missing; install it as root: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; update only then, or when the first try fails.
if ! apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1; then
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends chromium >/dev/null
fi

[ -x "$binary" ] || { echo "ensure-chromium: installed the chromium package but $binary is still missing" >&2; exit 1; }
