#!/usr/bin/env bash
# Lints the OpenAPI document the API serves with Redocly's recommended
# rules. Needs Go and npm (npx fetches the pinned @redocly/cli); it is not
# part of `make test`. Errors fail the script; warnings are printed.
set -euo pipefail
cd "$(dirname "$0")/.."

REDOCLY_VERSION=2.77.0
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# The document as served: TestDumpOpenAPI writes what GET /openapi.json answers.
go test ./api -run '^TestDumpOpenAPI$' -count=1 -args -openapi-out="$out/openapi.json" >/dev/null
npx --yes "@redocly/cli@${REDOCLY_VERSION}" lint --extends recommended "$out/openapi.json"
