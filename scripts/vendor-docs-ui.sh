#!/usr/bin/env bash
# Vendors Swagger UI (the swagger-ui-dist npm package, pinned) into
# api/docs, where go:embed serves it under /docs: the reference page
# then works offline, with no CDN. Run it to upgrade; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=5.36.0
dest=api/docs
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "swagger-ui-dist@${VERSION}" >/dev/null && tar xzf "swagger-ui-dist-${VERSION}.tgz")
# The bundle without its source-map comment: the map is not vendored, and
# a browser would ask for it.
sed '/^\/\/# sourceMappingURL=/d' "$tmp/package/swagger-ui-bundle.js" >"$dest/swagger-ui-bundle.js"
sed 's|/\*# sourceMappingURL=[^*]*\*/||' "$tmp/package/swagger-ui.css" >"$dest/swagger-ui.css"
cp "$tmp/package/LICENSE" "$dest/swagger-ui.LICENSE"
cp "$tmp/package/swagger-ui-bundle.js.LICENSE.txt" "$dest/swagger-ui-bundle.js.LICENSE.txt"
echo "swagger-ui-dist ${VERSION}" >"$dest/VERSION"
