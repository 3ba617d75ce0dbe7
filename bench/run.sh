#!/usr/bin/env bash
# All benchmarks, one after another (each starts and removes its own isolated
# cluster or stack). They print their numbers and the machine; nothing here
# passes or fails on speed. Run one alone with: node bench/<name>/run.mjs
set -euo pipefail
cd "$(dirname "$0")/.."
bash local/install-system.sh
for name in rls scoring api auth home customers settings alerts import; do
  echo "=== bench/$name ==="
  node "bench/$name/run.mjs" "$@"
done
echo "=== bench/notifications ==="
node_modules/.bin/deno run -A bench/notifications/run.ts
