/**
 * `npm run bench`: requests and wall time of pulumi-ims lookups against the local
 * IMS server, on the native and the extension list API, next to a naive strategy (fetch every page, then filter) run in the
 * same process; CPU time of local filtering and peak memory. Prints tables; asserts nothing.
 */
import { performance } from "node:perf_hooks";
import { resetClients } from "../provider/connection/clients";
import { ImsClient } from "../provider/services/imsClient";
import { closeAllPools } from "../provider/transport/http";
import { imagePages } from "../provider/services/imagePages";
import { pageQuery } from "../test/helpers/pageQuery";
import type { RawImage } from "../provider/core/imsSchema";
import { parseGetImageArgs, parseGetImagesArgs } from "../provider/lookup/args";
import { findImage, findImages } from "../provider/lookup/scan";
import { planLookup } from "../provider/lookup/plan";
import { LocalImsServer } from "../provider/localServer/server";
import { timeToMillis } from "../provider/core/timeFilter";
import { matchesLocal } from "../provider/lookup/plan";
import { importCost } from "./importCost";
import { firstLookup } from "./firstLookup";
import { resolveConnection } from "../provider/connection/settings";
import { formatTable } from "../provider/core/formatTable";

const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,50000").split(",").map(Number);
const LATENCIES = (process.env.BENCH_LATENCIES ?? "0,20").split(",").map(Number);

/**
 * The naive strategy's pick: the newest by the shown created_at (whole seconds), then id. Not IMS's
 * order, which sorts by the stored time with microseconds: pulumi-ims never re-sorts, it takes the
 * server's first match. Here only as what a naive client does.
 */
function naiveNewest(images: readonly RawImage[]): RawImage | undefined {
  const newer = (a: RawImage, b: RawImage) =>
    timeToMillis(a.created_at) - timeToMillis(b.created_at) || (a.id > b.id ? 1 : a.id < b.id ? -1 : 0);
  return images.reduce<RawImage | undefined>(
    (best, i) => (best === undefined || newer(i, best) > 0 ? i : best),
    undefined,
  );
}

interface Measure {
  requests: number;
  ms: number;
}

async function measure(
  server: LocalImsServer,
  run: (client: ImsClient) => Promise<unknown>,
  api: "native" | "extension" = "native",
): Promise<Measure> {
  resetClients();
  const client = new ImsClient(resolveConnection({ options: { endpoint: server.url, token: "bench", api }, env: {} }));
  server.resetRequests();
  const start = performance.now();
  await run(client);
  return { requests: server.imageRequests.length, ms: performance.now() - start };
}

/** What a hand-written lookup often does: read every page, then filter and pick in memory. */
async function naive(client: ImsClient, filter: (i: RawImage) => boolean): Promise<RawImage[]> {
  const all: RawImage[] = [];
  for await (const page of imagePages(client, pageQuery({ limit: 1000 }))) all.push(...page.images);
  return all.filter(filter);
}

const serverSide = parseGetImageArgs({
  anyOwner: true,
  platform: "Ubuntu",
  imageType: "gold",
  supports: { kvm: true },
});
const withRegex = parseGetImageArgs({ anyOwner: true, platform: "Ubuntu", nameRegex: "^Ubuntu 18\\.04" });
const listAll = parseGetImagesArgs({ platform: "CentOS" });
const regex18 = /^Ubuntu 18\.04/;

const cases: Array<{
  name: string;
  ours: (c: ImsClient) => Promise<unknown>;
  naive: (c: ImsClient) => Promise<unknown>;
}> = [
  {
    name: "(a) most recent, server-side filters",
    ours: (c) => findImage(c, serverSide),
    naive: async (c) =>
      naiveNewest(
        await naive(
          c,
          (i) =>
            i.status === "active" &&
            i.__platform === "Ubuntu" &&
            i.__imagetype === "gold" &&
            i.__support_kvm === "true",
        ),
      ),
  },
  {
    name: "(b) most recent, nameRegex",
    ours: (c) => findImage(c, withRegex),
    naive: async (c) =>
      naiveNewest(
        await naive(c, (i) => i.status === "active" && i.__platform === "Ubuntu" && regex18.test(i.name ?? "")),
      ),
  },
  {
    name: "(c) getImages, all CentOS",
    ours: (c) => findImages(c, listAll),
    naive: (c) => naive(c, (i) => i.status === "active" && i.__platform === "CentOS"),
  },
];

async function lookups(): Promise<string> {
  const rows: Array<Array<string | number>> = [];
  for (const size of SIZES) {
    const server = await LocalImsServer.start({ catalog: { count: size, seed: 1 } });
    try {
      for (const latency of LATENCIES) {
        server.latencyMs = latency;
        for (const c of cases) {
          const ours = await measure(server, c.ours);
          const extension = await measure(server, c.ours, "extension");
          const naiveRun = await measure(server, c.naive);
          rows.push([
            size,
            latency,
            c.name,
            ours.requests,
            ours.ms.toFixed(0),
            extension.requests,
            extension.ms.toFixed(0),
            naiveRun.requests,
            naiveRun.ms.toFixed(0),
          ]);
        }
      }
    } finally {
      await server.close();
    }
  }
  return formatTable(
    [
      "images",
      "latency ms",
      "lookup",
      "native requests",
      "native ms",
      "extension requests",
      "extension ms",
      "naive requests",
      "naive ms",
    ],
    rows,
  );
}

async function filterCpu(): Promise<string> {
  const server = await LocalImsServer.start({ catalog: { count: 10_000, seed: 1 } });
  const images: RawImage[] = [];
  try {
    const client = new ImsClient(resolveConnection({ options: { endpoint: server.url, token: "bench" }, env: {} }));
    for await (const page of imagePages(client, pageQuery({ limit: 1000 }))) images.push(...page.images);
  } finally {
    await server.close();
  }
  const local = planLookup(
    parseGetImageArgs({
      anyOwner: true,
      nameRegex: "^Ubuntu 2[02]\\.04",
      tags: ["x86", "hardened"],
      architecture: "x86",
      createdAt: { gte: "2019-01-01T00:00:00Z", lt: "2026-01-01T00:00:00Z" },
    }),
  ).local;
  const rounds = 20;
  const cpu0 = process.cpuUsage();
  let matched = 0;
  for (let r = 0; r < rounds; r++) matched = images.filter((i) => matchesLocal(i, local)).length;
  const cpu = process.cpuUsage(cpu0);
  const perRound = (cpu.user + cpu.system) / 1000 / rounds;
  return `CPU time to apply every local filter (nameRegex, 2 tags, architecture, time range) to 10,000 images: ${perRound.toFixed(2)} ms (${matched} matched; mean of ${rounds} rounds)`;
}

async function main(): Promise<void> {
  console.log(`pulumi-ims benchmark, node ${process.version}, ${new Date().toISOString()}\n`);
  console.log(`${importCost()}\n`);
  console.log(`${await firstLookup()}\n`);
  console.log(await lookups());
  console.log(`\n${await filterCpu()}`);
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`Peak memory (max RSS of this process, servers included): ${rss.toFixed(0)} MB`);
  await closeAllPools();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
