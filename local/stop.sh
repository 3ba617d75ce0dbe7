#!/usr/bin/env bash
# npm run stop: stops a stack left running in the background (in a terminal,
# Ctrl-C does it): the gateway first, which stops its cluster; then the
# cluster itself, in case the gateway was already gone.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${PULSEBOARD_DATA_DIR:-$PWD/.local}"
if [[ -f "$data/stack.pid" ]] && kill -0 "$(cat "$data/stack.pid")" 2>/dev/null; then
  kill -TERM "$(cat "$data/stack.pid")"
  for _ in $(seq 1 50); do kill -0 "$(cat "$data/stack.pid")" 2>/dev/null || break; sleep 0.2; done
fi
rm -f "$data/stack.pid"
bash local/pg.sh down "$data"
