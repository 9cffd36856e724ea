#!/usr/bin/env bash
# Makes sure the PostgreSQL the tests use is running. The CI machine has PostgreSQL installed from
# Debian's packages but it may be stopped; this starts it the way the machine's own setup does.
# Installs it only when asked to (PARLEY_INSTALL_POSTGRES=1), since that needs root and apt.
set -euo pipefail

host=${PGHOST:-127.0.0.1}
port=${PGPORT:-5432}

ready() { pg_isready -q -h "$host" -p "$port" 2>/dev/null; }

ready && exit 0

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "${PARLEY_INSTALL_POSTGRES:-0}" = "1" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -q postgresql >/dev/null
  else
    echo "ensure-postgres: PostgreSQL is not installed (set PARLEY_INSTALL_POSTGRES=1 to install it with apt)" >&2
    exit 1
  fi
fi

for version in $(ls /etc/postgresql 2>/dev/null); do
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
done

for _ in $(seq 1 30); do
  ready && exit 0
  sleep 0.5
done
echo "ensure-postgres: PostgreSQL did not become ready on $host:$port" >&2
exit 1
