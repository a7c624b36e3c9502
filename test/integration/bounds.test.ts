/** Bounds: pages and images read by one lookup (a typed error says what was read), names kept to suggest. The caches' bytes: cacheBounds.test.ts. */
import { createServer, type Server } from "node:http";
import { randomUUID } from "node:crypto";
import { getImage, ImsNoMatchError, ImsScanLimitError } from "../../sdk";
import { MAX_NAMES_KEPT } from "../../provider/lookup/scan";
import { resetClients } from "../../provider/connection/clients";
import { closeAllPools } from "../../provider/transport/http";
import { LocalImsServer } from "../../provider/localServer/server";

let local: LocalImsServer;
let endless: Server;
let endlessUrl: string;
let endlessRequests = 0;
let named: Server;
let namedUrl: string;

/** Names of the listed images, newest first: "wanted 1" is the last name kept, "wanted 3" the first one not. */
const NAMES = Array.from({ length: MAX_NAMES_KEPT + 50 }, (_, k) =>
  k === MAX_NAMES_KEPT - 1 ? "wanted 1" : k === MAX_NAMES_KEPT ? "wanted 3" : `image ${k}`,
);

beforeAll(async () => {
  local = await LocalImsServer.start({ catalog: { count: 3000, seed: 3 } });
  // A server that answers every page with one image and a fresh `next` marker, for ever.
  endless = createServer((req, res) => {
    endlessRequests++;
    const id = randomUUID();
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        images: [{ id, created_at: "2026-01-01T00:00:00Z", name: `endless ${id}` }],
        next: `/v2/images?marker=${id}`,
      }),
    );
  });
  await new Promise<void>((r) => endless.listen(0, "127.0.0.1", () => r()));
  endlessUrl = `http://127.0.0.1:${(endless.address() as { port: number }).port}`;
  // A server that lists NAMES in pages of `limit` after `marker` (ids are the positions), as Glance pages.
  named = createServer((req, res) => {
    const query = new URL(req.url!, "http://x").searchParams;
    const from = query.has("marker") ? Number(query.get("marker")) + 1 : 0;
    const page = NAMES.slice(from, from + Number(query.get("limit"))).map((name, i) => ({
      id: String(from + i),
      created_at: "2026-01-01T00:00:00Z",
      name,
    }));
    res.setHeader("content-type", "application/json");
    const next = page.length ? { next: `/v2/images?marker=${page.at(-1)!.id}&limit=${query.get("limit")}` } : {};
    res.end(JSON.stringify({ images: page, ...next }));
  });
  await new Promise<void>((r) => named.listen(0, "127.0.0.1", () => r()));
  namedUrl = `http://127.0.0.1:${(named.address() as { port: number }).port}`;
});
afterAll(async () => {
  await local.close();
  await new Promise((r) => endless.close(r));
  await new Promise((r) => named.close(r));
  await closeAllPools();
});
beforeEach(() => {
  resetClients();
  local.resetRequests();
  endlessRequests = 0;
});

async function failure(p: Promise<unknown>): Promise<ImsScanLimitError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(ImsScanLimitError.isInstance(e)).toBe(true);
  return e as ImsScanLimitError;
}

describe("scan bounds", () => {
  it("should stop a server that pages for ever at the default 100 pages", async () => {
    const e = await failure(
      getImage({ anyOwner: true, nameRegex: "^never" }, { connection: { endpoint: endlessUrl } }),
    );
    expect([e.pagesRead, e.imagesRead, endlessRequests]).toEqual([100, 100, 100]);
    expect(e.message).toMatch(
      /^stopped after reading 100 page\(s\) and 100 image\(s\) of http:\/\/127\.0\.0\.1:\d+\/: the limit of 100 pages \(maxScanPages\) was reached/,
    );
  });

  it("should honour maxScanPages, counting the pages it read", async () => {
    const e = await failure(
      getImage(
        { anyOwner: true, nameRegex: "^no such image" },
        { connection: { endpoint: local.url, maxScanPages: 2 } },
      ),
    );
    // a first page of 100, then pages of 1000
    expect([e.pagesRead, e.imagesRead, local.imageRequests.length]).toEqual([2, 1100, 2]);
  });

  it("should honour maxScanImages", async () => {
    const e = await failure(
      getImage(
        { anyOwner: true, nameRegex: "^no such image" },
        { connection: { endpoint: local.url, maxScanImages: 500 } },
      ),
    );
    expect([e.pagesRead, e.imagesRead]).toEqual([2, 1100]);
    expect(e.message).toContain("the limit of 500 images (maxScanImages)");
  });

  it("should read the bounds from the environment", async () => {
    process.env.IMS_MAX_SCAN_PAGES = "3";
    try {
      const e = await failure(
        getImage({ anyOwner: true, nameRegex: "^no such image" }, { connection: { endpoint: local.url } }),
      );
      expect(e.pagesRead).toBe(3);
    } finally {
      delete process.env.IMS_MAX_SCAN_PAGES;
    }
  });

  it("should keep at most MAX_NAMES_KEPT names to suggest, the first ones read", async () => {
    const e = await getImage({ anyOwner: true, nameRegex: "^wanted 2$" }, { connection: { endpoint: namedUrl } }).catch(
      (x: unknown) => x,
    );
    expect(ImsNoMatchError.isInstance(e)).toBe(true);
    // Every image was read; of the two close names only the one within the bound is suggested.
    expect((e as ImsNoMatchError).serverMatched).toBe(NAMES.length);
    expect((e as ImsNoMatchError).closestNames[0]).toBe("wanted 1");
    expect((e as ImsNoMatchError).closestNames).not.toContain("wanted 3");
  });
});
