#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer. On a Debian machine where they are installed but
# stopped, starts them; otherwise says exactly what to run.
set -uo pipefail

PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_PORT=6379

pg_ready() { pg_isready -h "$PG_HOST" -p "$PG_PORT" -q 2>/dev/null || (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null; }
redis_ready() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null
  fi
}

wait_for() {
  local what=$1 check=$2
  for _ in $(seq 1 30); do
    if $check; then return 0; fi
    sleep 1
  done
  echo "$what did not start in 30 seconds" >&2
  return 1
}

missing=()

if ! pg_ready; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql >/dev/null 2>&1; then
    echo "Starting PostgreSQL..."
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start || true
    done
    wait_for PostgreSQL pg_ready || missing+=(postgres)
  else
    missing+=(postgres)
  fi
fi

if ! redis_ready; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "Starting Redis..."
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/escale.log 2>/dev/null \
      || redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no
    wait_for Redis redis_ready || missing+=(redis)
  else
    missing+=(redis)
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  cat >&2 <<MSG
Escale needs PostgreSQL (127.0.0.1:5432, user postgres) and Redis (127.0.0.1:6379); not answering: ${missing[*]}.
Start them with one of:
  docker compose up -d                                   # uses docker-compose.yml in this folder
  sudo apt-get install -y postgresql redis-server        # Debian or Ubuntu, then run this command again
Or point DATABASE_URL and REDIS_URL at servers you already have.
MSG
  exit 1
fi
echo "PostgreSQL and Redis are answering."
