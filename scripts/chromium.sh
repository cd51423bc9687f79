#!/usr/bin/env bash
# scripts/chromium.sh — Debian's Chromium for the portal's browser tests (Playwright drives it; its own browser
# download is not used). Installs the `chromium` package with apt-get when /usr/bin/chromium is missing, as
# deploy/postgres/postgres.sh installs PostgreSQL. Safe to run twice.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
[ "$(id -u)" = 0 ] || { echo "Chromium is not installed; run as root or: apt-get install chromium" >&2; exit 1; }
echo "installing Chromium with apt-get (one time)"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq chromium; } >/tmp/continuum-chromium-apt.log 2>&1; then
    tail -n 30 /tmp/continuum-chromium-apt.log >&2
    exit 1
fi
