#!/usr/bin/env bash
# Vendors Chart.js (the chart.js npm package, pinned) into api/dashboard,
# where go:embed serves it under /dashboard: the dashboard then works
# offline, with no CDN. Run it to upgrade; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.5.0
dest=api/dashboard
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "chart.js@${VERSION}" >/dev/null && tar xzf "chart.js-${VERSION}.tgz")
# The UMD bundle without its source-map comment: the map is not vendored,
# and a browser would ask for it.
sed '/^\/\/# sourceMappingURL=/d' "$tmp/package/dist/chart.umd.min.js" >"$dest/chart.umd.min.js"
cp "$tmp/package/LICENSE.md" "$dest/chart.js.LICENSE.md"
echo "chart.js ${VERSION}" >"$dest/VERSION"
