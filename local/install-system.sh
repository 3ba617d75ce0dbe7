#!/usr/bin/env bash
# Installs the system packages the local stack and the browser tests need
# (Postgres 15, pg_cron, Chromium, poppler-utils) when they are missing. Safe to run often:
# it does nothing when everything is present.
set -euo pipefail

missing=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
[ -f /usr/lib/postgresql/15/lib/pg_cron.so ] || missing+=(postgresql-15-cron)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The report tests read PDFs back (pdftotext) and render their pages (pdftoppm).
[ -x /usr/bin/pdftotext ] || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them as root: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
