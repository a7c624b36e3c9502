/**
 * What `require("pulumi-ims")` adds to a Pulumi program's start-up, which every `pulumi preview`
 * pays: in each of several fresh Node processes, @pulumi/pulumi is loaded first, then the
 * package root is timed and its heap growth measured. Medians are printed, next to @pulumi/pulumi's own time.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const PACKAGE_ROOT = join(__dirname, "../sdk/index.js");
const PROBE = `
const t0 = process.hrtime.bigint();
require("@pulumi/pulumi");
const t1 = process.hrtime.bigint();
const heap0 = process.memoryUsage().heapUsed;
const before = Object.keys(require.cache).length;
require(${JSON.stringify(PACKAGE_ROOT)});
const t2 = process.hrtime.bigint();
console.log(JSON.stringify({ pulumiMs: Number(t1 - t0) / 1e6, imsMs: Number(t2 - t1) / 1e6, heapKb: (process.memoryUsage().heapUsed - heap0) / 1024, modules: Object.keys(require.cache).length - before }));
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function importCost(processes = 9): string {
  const runs = Array.from(
    { length: processes },
    () =>
      JSON.parse(execFileSync(process.execPath, ["-e", PROBE], { cwd: join(__dirname, "../..") }).toString()) as {
        imsMs: number;
        pulumiMs: number;
        heapKb: number;
        modules: number;
      },
  );
  const ims = median(runs.map((r) => r.imsMs));
  const pulumi = median(runs.map((r) => r.pulumiMs));
  const heap = median(runs.map((r) => r.heapKb));
  const modules = median(runs.map((r) => r.modules));
  return (
    `Import cost of require("pulumi-ims") after require("@pulumi/pulumi"), median of ${processes} fresh processes: ` +
    `${ims.toFixed(1)} ms, ${modules} modules, ${(heap / 1024).toFixed(1)} MB of heap (target: under 150 ms; @pulumi/pulumi itself: ${pulumi.toFixed(0)} ms). ` +
    "undici, zod and yaml load on the first lookup."
  );
}

if (require.main === module) console.log(importCost());
