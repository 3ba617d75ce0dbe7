#!/usr/bin/env bash
# npm run reset: stops the local cluster and wipes all local data (database,
# keys, demo facts). The next `npm start` begins from scratch with new demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${PULSEBOARD_DATA_DIR:-$PWD/.local}"
bash local/pg.sh down "$data" 2>/dev/null || true
rm -rf "$data"
echo "Local data wiped ($data)."
