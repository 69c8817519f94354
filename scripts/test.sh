#!/usr/bin/env bash
# Every test: type-check, unit, end-to-end against real PostgreSQL and Redis, and browser.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-services.sh
npm run build --silent
npm run typecheck --silent
NODE_OPTIONS=--experimental-vm-modules npx jest --ci "$@"
