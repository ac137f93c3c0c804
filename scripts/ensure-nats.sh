#!/usr/bin/env bash
# Makes sure NATS with JetStream answers on 127.0.0.1:4222 for the bus tests
# (messaging/bus, app, faults): when nothing listens it installs Debian's
# nats-server if missing and starts it in the background with JetStream on,
# its store under a temporary directory. Safe to run any number of times.
set -euo pipefail

HOST=127.0.0.1
PORT=4222

listening() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

if listening; then
	exit 0
fi
if ! command -v nats-server >/dev/null && [ ! -x /usr/sbin/nats-server ]; then
	echo "ensure-nats: installing nats-server" >&2
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >/dev/null
fi
server=$(command -v nats-server || echo /usr/sbin/nats-server)
store="${TMPDIR:-/tmp}/opsledger-nats"
mkdir -p "$store"
echo "ensure-nats: starting $server with JetStream on $HOST:$PORT (store $store)" >&2
nohup "$server" -a "$HOST" -p "$PORT" -js -sd "$store" >"$store/nats.log" 2>&1 &
for _ in $(seq 1 60); do listening && exit 0; sleep 0.5; done
echo "ensure-nats: NATS did not come up on $HOST:$PORT (see $store/nats.log)" >&2
exit 1
