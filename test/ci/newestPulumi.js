#!/usr/bin/env node
/**
 * Prints the newest @pulumi/pulumi release in pulumi-ims's peer range whose `engines.node` admits
 * the Node running this script: the version a user on that Node gets from `npm install @pulumi/pulumi`.
 */
"use strict";
const { execFileSync } = require("node:child_process");

const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
const peerRange = require("../../package.json").peerDependencies["@pulumi/pulumi"];
const out = execFileSync(
  npm[0],
  [...npm.slice(1), "view", `@pulumi/pulumi@${peerRange}`, "version", "engines", "--json"],
  { encoding: "utf8" },
);
// npm view prints one object, not an array, when one version matches.
const releases = [].concat(JSON.parse(out));

const parse = (v) => v.split(".").map(Number);
const compare = (a, b) => {
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
};
const node = process.versions.node;

/** engines.node of @pulumi/pulumi 3.x is ">=N[.N.N]", alone or joined by "||"; any other form stops the script. */
function admits(range) {
  if (range === undefined) return true;
  return range.split("||").some((alternative) => {
    const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(alternative.trim());
    if (!m)
      throw new Error(`cannot read engines.node ${JSON.stringify(range)}: teach test/ci/newestPulumi.js this form`);
    return compare(node, `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}`) >= 0;
  });
}

const fit = releases
  .filter((r) => /^\d+\.\d+\.\d+$/.test(r.version) && admits(r.engines && r.engines.node))
  .map((r) => r.version)
  .sort(compare);
if (fit.length === 0) throw new Error(`no @pulumi/pulumi release in ${peerRange} supports Node ${node}`);
console.log(fit[fit.length - 1]);
