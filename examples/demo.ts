/**
 * `npm run demo`: starts the embedded local IMS server with a generated public
 * catalog, resolves a few images the way a Pulumi program would, and prints what
 * was chosen and how many HTTP requests each lookup cost. No cloud account needed.
 */
import { getImage, getImages, type GetImageArgs } from "../sdk";
import { closeAllPools } from "../provider/transport/http";
import { LocalImsServer } from "../provider/localServer/server";
import { formatTable } from "../provider/core/formatTable";
import { ImsError } from "../provider/core/errors";

const LOOKUPS: Array<[string, GetImageArgs]> = [
  ["newest public Ubuntu", { platform: "Ubuntu", imageType: "gold" }],
  [
    "Ubuntu 22.04 x86 by regex",
    { platform: "Ubuntu", nameRegex: "^Ubuntu 22\\.04", imageType: "gold", architecture: "x86" },
  ],
  [
    "Windows Server 2019",
    { osType: "Windows", osVersion: "Windows Server 2019 Datacenter 64bit English", imageType: "gold" },
  ],
  [
    "KVM EulerOS before 2022",
    { platform: "EulerOS", supports: { kvm: true }, createdAt: "lt:2022-01-01T00:00:00Z", imageType: "gold" },
  ],
  ["private x86 + hardened", { imageType: "private", tags: ["x86", "hardened"] }],
  ["ARM Ubuntu, any publisher", { platform: "Ubuntu", architecture: "arm", anyOwner: true }],
];

async function main(): Promise<void> {
  const server = await LocalImsServer.start({ catalog: { count: 5000 }, auth: { tokens: ["demo-token"] } });
  const connection = { endpoint: server.url, token: "demo-token" };
  console.log(`Local IMS server on ${server.url} with ${server.catalog.length} images\n`);
  const rows: string[][] = [];
  try {
    for (const [label, args] of LOOKUPS) {
      const before = server.imageRequests.length;
      const image = await getImage(args, { connection });
      rows.push([label, image.name, image.id, image.createdAt, String(server.imageRequests.length - before)]);
    }
    console.log(formatTable(["lookup", "image", "id", "created", "requests"], rows));

    const before = server.imageRequests.length;
    await Promise.all(
      Array.from({ length: 100 }, () => getImage({ platform: "CentOS", imageType: "gold" }, { connection })),
    );
    console.log(`\n100 concurrent identical getImage calls: ${server.imageRequests.length - before} request(s)`);

    const debian = await getImages({ platform: "Debian", imageType: "gold", limit: 5 }, { connection });
    console.log(
      `\nNewest 5 public Debian images:\n${formatTable(
        ["id", "name", "created"],
        debian.images.map((i) => [i.id, i.name, i.createdAt]),
      )}`,
    );

    try {
      await getImage({ platform: "Ubuntu", name: "Ubuntu 22.04 server", imageType: "gold" }, { connection });
    } catch (e) {
      if (!ImsError.isInstance(e)) throw e;
      console.log(`\nA lookup that matches nothing fails clearly (${e.code}):\n${e.message}`);
    }
  } finally {
    await server.close();
    await closeAllPools();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
