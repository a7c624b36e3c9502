#!/usr/bin/env node
/**
 * `npm run prepare`: builds the runtime into dist/ (package.json "files").
 *
 * npm runs `prepare` after `npm ci` in a checkout, after installing devDependencies for a git
 * dependency, and for a directory dependency (`npm install --install-links ../pulumi-ims`)
 * without installing anything. In that last case TypeScript is missing, so the locked
 * dependencies are installed first, as npm does for a git dependency.
 */
"use strict";
const { execFileSync } = require("node:child_process");
const { existsSync } = require("node:fs");
const { join, resolve } = require("node:path");

const root = resolve(__dirname, "..");
// The npm that runs this script, whichever Node is on PATH.
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];

function run(args) {
  execFileSync(npm[0], [...npm.slice(1), ...args], { cwd: root, stdio: "inherit" });
}

if (!existsSync(join(root, "node_modules", "typescript", "bin", "tsc"))) {
  const install = existsSync(join(root, "package-lock.json")) ? "ci" : "install";
  console.error(
    `pulumi-ims: TypeScript is not installed in ${root}; running npm ${install} there to build the package`,
  );
  run([install, "--ignore-scripts", "--no-audit", "--no-fund"]);
}
run(["run", "build"]);
