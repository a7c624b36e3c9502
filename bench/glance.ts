/**
 * `npm run bench:glance`: the same lookups through pulumi-ims and through the
 * `openstack` command-line client against one real Glance (10,000 images), with
 * requests counted by a loopback proxy; then fault-tolerance figures through a
 * fault-injecting proxy. Needs Debian's glance-api and python3-openstackclient
 * (bash test/glance/install.sh). Prints tables; asserts nothing.
 */
import { execFile } from "node:child_process";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { resetClients } from "../provider/connection/clients";
import { ImsClient } from "../provider/services/imsClient";
import { closeAllPools } from "../provider/transport/http";
import { parseGetImageArgs, parseGetImagesArgs } from "../provider/lookup/args";
import { findImage, findImages } from "../provider/lookup/scan";
import { DEFAULT_PROJECT, generateCatalog } from "../provider/localServer/catalog";
import { resolveConnection } from "../provider/connection/settings";
import { formatTable } from "../provider/core/formatTable";
import { FaultProxy } from "../test/helpers/faultProxy";
import { faultRun } from "../test/helpers/faultRun";
import { seedGlance, startGlance } from "../test/helpers/glance";

const run = promisify(execFile);
const COUNT = Number(process.env.BENCH_GLANCE_IMAGES ?? 10_000);

interface Case {
  readonly name: string;
  readonly ours: (c: ImsClient) => Promise<unknown>;
  readonly osc: string[];
}

async function main(): Promise<void> {
  const catalog = generateCatalog({ count: COUNT, seed: 9 });
  const glance = await startGlance();
  const proxy = await FaultProxy.start(glance.url);
  try {
    await seedGlance(glance.dataDir, catalog, DEFAULT_PROJECT);
    const someId = String(catalog[COUNT - 10]!.json.id);
    const cases: Case[] = [
      {
        name: "newest public Ubuntu",
        ours: (c) => findImage(c, parseGetImageArgs({ anyOwner: true, platform: "Ubuntu", imageType: "gold" })),
        osc: [
          "image",
          "list",
          "--property",
          "__platform=Ubuntu",
          "--property",
          "__imagetype=gold",
          "--sort",
          "created_at:desc",
          "--limit",
          "1",
        ],
      },
      {
        name: "newest by exact name",
        ours: (c) => findImage(c, parseGetImageArgs({ anyOwner: true, name: "Ubuntu 22.04 server 64bit" })),
        osc: ["image", "list", "--name", "Ubuntu 22.04 server 64bit", "--sort", "created_at:desc", "--limit", "1"],
      },
      {
        name: "every CentOS image",
        ours: (c) => findImages(c, parseGetImagesArgs({ platform: "CentOS" })),
        osc: ["image", "list", "--property", "__platform=CentOS"],
      },
      { name: "show one image", ours: (c) => c.imageDetails(someId), osc: ["image", "show", someId] },
    ];
    const rows: Array<Array<string | number>> = [];
    for (const c of cases) {
      resetClients();
      proxy.reset();
      let t = performance.now();
      await c.ours(new ImsClient(resolveConnection({ options: { endpoint: proxy.url }, env: {} })));
      const ours = { requests: proxy.requests, ms: performance.now() - t };
      proxy.reset();
      t = performance.now();
      await run("openstack", ["--os-auth-type", "none", "--os-endpoint", proxy.url, ...c.osc, "-f", "json"], {
        maxBuffer: 64 * 1024 * 1024,
      });
      const osc = { requests: proxy.requests, ms: performance.now() - t };
      rows.push([c.name, ours.requests, ours.ms.toFixed(0), osc.requests, osc.ms.toFixed(0)]);
    }
    console.log(`Glance (Debian glance-api, Zed) with ${COUNT} images, page size 25 default / 1000 max\n`);
    console.log(
      formatTable(
        ["lookup", "pulumi-ims requests", "pulumi-ims ms", "openstack CLI requests", "openstack CLI ms"],
        rows,
      ),
    );
    console.log(
      "\n(openstack CLI times include its ~1 s Python start-up; it applies --property filters itself after reading every page.)",
    );

    const retry = { maxAttempts: 6, baseDelayMs: 50, maxDelayMs: 1000, maxElapsedMs: 10_000 };
    const r = await faultRun({
      target: glance.url,
      rounds: 25,
      retry,
      timeoutMs: 5000,
      proxy: { faultRate: 0.3, seed: 7, maxBurst: 3, maxLatencyMs: 200 },
    });
    console.log(
      `\nFault tolerance: ${r.lookups} lookups through a proxy that faults 30% of requests (seeded), retry policy ${JSON.stringify(retry)}, timeout 5000 ms`,
    );
    console.log(
      formatTable(
        [
          "requests",
          "faults injected",
          "429",
          "503",
          "resets",
          "truncated",
          "latency",
          "lookups correct",
          "typed errors",
          "wrong",
          "slowest lookup ms",
        ],
        [
          [
            r.requests,
            r.faults,
            r.injected["429"],
            r.injected["503"],
            r.injected.reset,
            r.injected.truncate,
            r.injected.latency,
            r.correct,
            Object.entries(r.errors)
              .map(([k, v]) => `${v} ${k}`)
              .join(", ") || "0",
            r.wrong,
            r.maxMs.toFixed(0),
          ],
        ],
      ),
    );
  } finally {
    await proxy.close();
    await glance.stop();
    await closeAllPools();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
