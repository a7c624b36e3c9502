#!/usr/bin/env bash
# test/ci/consumer.sh
#
# Installs pulumi-ims (this repository's HEAD) into new consumer projects in a temporary
# directory, as users do, and checks each: `ims-image --help`, exactly one @pulumi/pulumi,
# and getImage + ImageSelection under pulumi.runtime.setMocks against `ims-image serve`,
# with the image id checked against the server's own answer on the wire.
#   1. from a git URL, on this machine's Node;
#   2. from a directory of a fresh clone, with install-links=true in the project's .npmrc (the line
#      the README gives), then a plain `npm install` as a user runs later: still a copy, one Pulumi;
#   3. from a git URL on Node 24 next to the newest @pulumi/pulumi (installed first, as a user
#      who already has it).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
quiet=(--no-audit --no-fund --loglevel=error)
fail() { echo "consumer check FAILED: $*" >&2; exit 1; }

git clone -q "$repo" "$work/source"
git_url="git+file://$work/source"

# check NAME: runs in the current consumer project
check() {
  local name=$1
  npx --no-install ims-image --help >/dev/null || fail "$name: ims-image --help"
  local copies
  copies=$(find node_modules -path '*/@pulumi/pulumi/package.json' | wc -l)
  [ "$copies" -eq 1 ] || fail "$name: $copies copies of @pulumi/pulumi: $(npm ls @pulumi/pulumi --all 2>&1)"

  local token=consumer-token log="$work/$name-serve.log" env_file="$work/$name.env"
  # The README's recipe: the settings file appears, whole, once the server listens.
  npx --no-install ims-image serve --count 300 --token "$token" --write-env "$env_file" >"$log" 2>&1 &
  server_pid=$!
  while [ ! -f "$env_file" ] && kill -0 "$server_pid" 2>/dev/null; do sleep 0.1; done
  [ -f "$env_file" ] || fail "$name: ims-image serve did not start: $(cat "$log")"
  local endpoint
  endpoint=$(sed -n 's/^export IMS_ENDPOINT=//p' "$env_file")

  local got want
  # Copied in, so that every require resolves from the consumer's node_modules.
  cp "$repo/test/ci/consumerProgram.js" index.js
  got=$(IMS_ENDPOINT=$endpoint IMS_TOKEN=$token node index.js)
  # The truth, from the server itself: newest active public Ubuntu ECS image, as IMS orders them.
  want=$(curl -fsS -H "X-Auth-Token: $token" \
    "$endpoint/v2/images?__platform=Ubuntu&__imagetype=gold&status=active&virtual_env_type=FusionCompute&sort_key=created_at&sort_dir=desc&limit=1" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).images[0].id))')
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  node -e '
    const [got, want, name] = [JSON.parse(process.argv[1]), process.argv[2], process.argv[3]];
    const problems = [];
    if (got.id !== want) problems.push(`getImage gave ${got.id}, the server says ${want}`);
    if (!got.runtimeLoads) problems.push("pulumi-ims/runtime does not load");
    if (got.pulumiCopies.length !== 1) problems.push(`loaded ${got.pulumiCopies.length} copies of @pulumi/pulumi: ${got.pulumiCopies}`);
    if (got.selectionId !== want) problems.push(`ImageSelection under imsMocks recorded ${got.selectionId}, the server says ${want}`);
    if (got.registered.length !== 0) problems.push(`imsMocks passed resources to the user mocks: ${got.registered}`);
    if (problems.length) { console.error(`consumer check FAILED: ${name}: ${problems.join("; ")}`); process.exit(1); }
    console.log(`consumer ok: ${name}: node ${process.version}, @pulumi/pulumi ${got.pulumiVersion} (1 copy), getImage -> ${got.name}`);
  ' "$got" "$want" "$name"
}

# new_project NAME: an empty consumer project, made the current directory
new_project() {
  mkdir "$work/$1"
  cd "$work/$1"
  npm init -y >/dev/null
}

new_project from-git
npm install "${quiet[@]}" "$git_url" >/dev/null
check from-git
# The installed types, as Pulumi's default TypeScript project (node10 resolution, CommonJS) sees them.
npm install "${quiet[@]}" --no-save typescript@5 @types/node@20 >/dev/null
cp "$repo/test/ci/consumerTypes.ts" index.ts
printf '%s' '{"compilerOptions":{"strict":true,"target":"es2020","module":"commonjs","moduleResolution":"node","noEmit":true},"files":["index.ts"]}' >tsconfig.json
npx --no-install tsc -p . || fail "from-git: the installed types do not compile"
echo "consumer ok: from-git: types of pulumi-ims and pulumi-ims/testing compile in a CommonJS project"

git clone -q "$repo" "$work/checkout"
new_project from-directory
echo "install-links=true" >.npmrc
npm install "${quiet[@]}" "$work/checkout" >/dev/null
# A later plain install must not turn the copy back into a link (and with it, two Pulumi runtimes).
npm install "${quiet[@]}" >/dev/null
[ -L node_modules/pulumi-ims ] && fail "from-directory: node_modules/pulumi-ims became a link after npm install"
check from-directory

node24=$(bash "$repo/test/ci/officialNode.sh" 24 "$work/node24")
(
  export PATH="$node24:$PATH"
  new_project node24-newest-pulumi
  npm install "${quiet[@]}" "@pulumi/pulumi@$(node "$repo/test/ci/newestPulumi.js")" >/dev/null
  npm install "${quiet[@]}" "$git_url" >/dev/null
  check node24-newest-pulumi
)
