/**
 * The first lookup of a fresh process, which every `pulumi preview` pays once: in each of several
 * fresh Node processes (after @pulumi/pulumi is loaded, as in a program), pulumi-ims's getImage is
 * timed from the call to the answer, then a second lookup; beside it the fewest-requests client,
 * one undici request of the same query and JSON.parse, in its own fresh processes. Against one
 * local IMS server; medians are printed with the ratio. Measured, never asserted.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { LocalImsServer } from "../provider/localServer/server";

const run = promisify(execFile);
const SDK = join(__dirname, "../sdk/index.js");

const OURS = `
require("@pulumi/pulumi");
const ims = require(${JSON.stringify(SDK)});
const connection = { endpoint: process.env.IMS_ENDPOINT };
(async () => {
  let t = performance.now();
  const first = await ims.getImage({ platform: "Ubuntu", imageType: "gold" }, { connection });
  const firstMs = performance.now() - t;
  t = performance.now();
  await ims.getImage({ platform: "CentOS", imageType: "gold" }, { connection });
  console.log(JSON.stringify({ id: first.id, firstMs, secondMs: performance.now() - t }));
  process.exit(0);
})();
`;

const MINIMAL = `
require("@pulumi/pulumi");
(async () => {
  const t = performance.now();
  const { request } = require("undici");
  const res = await request(process.env.IMS_ENDPOINT + "/v2/images?" + process.env.QUERY);
  const page = await res.body.json();
  console.log(JSON.stringify({ id: page.images[0].id, firstMs: performance.now() - t }));
  process.exit(0);
})();
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(
  script: string,
  env: Record<string, string>,
): Promise<{ id: string; firstMs: number; secondMs?: number }> {
  const { stdout } = await run(process.execPath, ["-e", script], {
    cwd: join(__dirname, "../.."),
    env: { ...process.env, ...env },
  });
  return JSON.parse(stdout) as { id: string; firstMs: number; secondMs?: number };
}

export async function firstLookup(processes = 9): Promise<string> {
  const server = await LocalImsServer.start({ catalog: { count: 2000, seed: 1 } });
  try {
    const env = { IMS_ENDPOINT: server.url };
    const ours = [];
    const minimal = [];
    for (let i = 0; i < processes; i++) {
      server.resetRequests();
      ours.push(await timed(OURS, env));
      // The query pulumi-ims sent for the first lookup: the same answer, by the fewest requests.
      const query = server.imageRequests[0]!.query;
      minimal.push(await timed(MINIMAL, { ...env, QUERY: query }));
      if (ours[i]!.id !== minimal[i]!.id) throw new Error(`different answers: ${ours[i]!.id}, ${minimal[i]!.id}`);
    }
    const first = median(ours.map((r) => r.firstMs));
    const second = median(ours.map((r) => r.secondMs!));
    const bare = median(minimal.map((r) => r.firstMs));
    return (
      `First lookup in a fresh process (after @pulumi/pulumi; median of ${processes}): pulumi-ims ${first.toFixed(0)} ms, ` +
      `the fewest-requests client (one undici request, JSON.parse) ${bare.toFixed(0)} ms: ${(first / bare).toFixed(2)}x ` +
      `(target: at most 1.5x). The second lookup in the same process: ${second.toFixed(0)} ms. ` +
      "The difference is loading zod (about 40 ms) and the lookup layer."
    );
  } finally {
    await server.close();
  }
}

if (require.main === module)
  firstLookup().then(console.log, (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
