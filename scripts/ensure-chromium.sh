#!/usr/bin/env bash
# Makes sure Debian's chromium is installed at /usr/bin/chromium for the
# dashboard's browser test (dashboardtest), installing it with apt-get
# when it is missing (as root, or through sudo). Safe to run any number
# of times.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi
}

echo "ensure-chromium: installing chromium" >&2
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
[ -x "$CHROMIUM" ] || { echo "ensure-chromium: $CHROMIUM still missing after install" >&2; exit 1; }
