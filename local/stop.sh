#!/usr/bin/env bash
# npm run stop: stops a local cluster left running (normally Ctrl-C does it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash local/pg.sh down "${PULSEBOARD_DATA_DIR:-$PWD/.local}"
