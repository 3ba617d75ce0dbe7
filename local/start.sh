#!/usr/bin/env bash
# npm start: system packages when missing, the dashboard build, then the
# whole local stack in the foreground (Ctrl-C stops it; data stays in .local).
set -euo pipefail
cd "$(dirname "$0")/.."
bash local/install-system.sh
if [ ! -f web/build/index.html ] || [ -n "$(find web/src web/svelte.config.js web/vite.config.ts shared -newer web/build/index.html -print -quit 2>/dev/null)" ]; then
  echo "Building the dashboard…"
  npm run --silent build >/dev/null
fi
# A small young generation for the gateway: shorter, cheaper scavenges under
# load (measured in bench/api/README.md). local/isolated-stack.mjs uses the same.
exec node_modules/.bin/deno run --v8-flags=--max-semi-space-size=6 -A local/stack.ts up "$@"
