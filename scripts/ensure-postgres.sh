#!/usr/bin/env bash
# Makes sure PostgreSQL answers on 127.0.0.1:5432 with trust auth for user
# postgres, starting (or, on a machine without a cluster, creating) the local
# Debian cluster when nothing listens, then creates the databases given as
# arguments if they are missing. Safe to run any number of times.
set -euo pipefail

HOST=127.0.0.1
PORT=5432

listening() { pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; }

as_postgres() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_cluster() {
	if ! command -v pg_lsclusters >/dev/null; then
		echo "ensure-postgres: installing postgresql" >&2
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
	fi
	local cluster
	cluster=$(pg_lsclusters -h 2>/dev/null | awk '$3 == 5432 {print $1" "$2; exit}')
	if [ -z "$cluster" ]; then
		local ver
		ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
		echo "ensure-postgres: creating cluster $ver/main" >&2
		pg_createcluster "$ver" main -p "$PORT" -- --auth=trust >/dev/null
		cluster="$ver main"
	fi
	set -- $cluster
	echo "ensure-postgres: starting cluster $1/$2" >&2
	pg_ctlcluster --skip-systemctl-redirect "$1" "$2" start
}

if ! listening; then
	start_cluster
	for _ in $(seq 1 60); do listening && break; sleep 0.5; done
	listening || { echo "ensure-postgres: PostgreSQL did not come up on $HOST:$PORT" >&2; exit 1; }
fi

for db in "$@"; do
	exists=$(psql -h "$HOST" -p "$PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")
	[ "$exists" = 1 ] || psql -h "$HOST" -p "$PORT" -U postgres -d postgres -qc "CREATE DATABASE \"$db\"" >/dev/null
done
