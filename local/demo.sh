#!/usr/bin/env bash
# npm run demo: replaces the demo agency's data with a fresh demo (new users'
# passwords and API keys are printed and written to .local/demo.json).
set -euo pipefail
cd "$(dirname "$0")/.."
exec node_modules/.bin/deno run -A local/stack.ts demo "$@"
