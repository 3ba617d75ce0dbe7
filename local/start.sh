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
exec node_modules/.bin/deno run -A local/stack.ts up "$@"
