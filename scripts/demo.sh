#!/usr/bin/env bash
# Starts Escale with demo data on this machine: installs, checks the services, migrates,
# seeds, starts the server and the worker, and prints where to log in.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/escale}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-3000}"
export ESCALE_ADMIN_EMAIL="${ESCALE_ADMIN_EMAIL:-admin@escale.demo}"
export ESCALE_ADMIN_PASSWORD="${ESCALE_ADMIN_PASSWORD:-escale-demo-admin}"
export LOG_LEVEL="${LOG_LEVEL:-warn}"
# Signs the audit chain's anchors; a real deployment keeps its own key out of the database's reach.
export AUDIT_ANCHOR_KEY="${AUDIT_ANCHOR_KEY:-escale-demo-audit-anchor-key-not-for-production}"
# Two-factor sign-in is required of admins by default; the demo leaves it to each user (Sign-in security page).
export MFA_REQUIRED_ROLES="${MFA_REQUIRED_ROLES:-none}"

if [ ! -d node_modules ]; then
  echo "Installing dependencies..."
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-services.sh
echo "Building..."
npm run build --silent
echo "Migrating ${DATABASE_URL}..."
npm run migrate --silent
echo "Loading demo data..."
node dist/apps/server/src/cli/seed-demo.js

node dist/apps/server/src/main.js &
server=$!
node dist/apps/worker/src/main.js &
worker=$!
# Stopping the demo stops both processes; the worker finishes its active jobs first.
trap 'kill -TERM "$server" "$worker" 2>/dev/null; wait "$server" "$worker" 2>/dev/null' INT TERM EXIT

for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:${PORT}/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then echo "Escale did not start; see the messages above." >&2; exit 1; fi
  sleep 1
done

cat <<INFO

  Escale is running: http://localhost:${PORT}/  (API documentation: http://localhost:${PORT}/api/docs)

  Demo logins (password for the others: escale-demo-2026)
    admin       ${ESCALE_ADMIN_EMAIL} / ${ESCALE_ADMIN_PASSWORD}
    staff       staff@escale.demo
    caseworker  caseworker@escale.demo
    funder      funder@escale.demo
    auditor     auditor@escale.demo

  Two-factor sign-in is optional in the demo (each user's Sign-in security page);
  outside it, admins must set it up at their first sign-in (MFA_REQUIRED_ROLES).

  Press Ctrl+C to stop.
INFO
wait "$server" "$worker"
