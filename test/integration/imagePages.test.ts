/**
 * Paging of the extension API (provider/services/imagePages.ts), which has no next links (the next page
 * starts after the last id, until an empty page), against a scripted server on 127.0.0.1 for the answers
 * the local server does not give on demand: short pages around the documented default, a last image
 * without id.
 */
import { ImsClient } from "../../provider/services/imsClient";
import { EXTENSION_PAGE_SIZE, imagePages } from "../../provider/services/imagePages";
import { ImsBadResponseError } from "../../provider/core/errors";
import { closeAllPools } from "../../provider/transport/http";
import { pageQuery } from "../helpers/pageQuery";
import { startScriptedServer, type ScriptedServer } from "../helpers/scriptedServer";

let server: ScriptedServer;

beforeAll(async () => {
  server = await startScriptedServer(() => ({ status: 200, body: { images: [] } }));
});
afterAll(async () => {
  await server.close();
  await closeAllPools();
});
beforeEach(() => {
  server.reset();
});

const image = (n: number) => ({
  id: `0b8c0000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  created_at: "2026-01-01T00:00:00Z",
  name: `image ${n}`,
});
const client = (api: "native" | "extension") =>
  new ImsClient(
    { endpoint: server.url, api, auth: { kind: "token", token: "paging-token-0001" } },
    { retry: { maxAttempts: 1 } },
  );

async function read(c: ImsClient, query: Parameters<typeof pageQuery>[0]): Promise<number> {
  let images = 0;
  for await (const page of imagePages(c, pageQuery(query))) images += page.images.length;
  return images;
}

describe("the extension API", () => {
  it(`should end on a short page when it asked for ${EXTENSION_PAGE_SIZE} (the documented default, served whole)`, async () => {
    server.queued.push({ status: 200, body: { images: [image(1), image(2), image(3)] } });
    expect(await read(client("extension"), { limit: EXTENSION_PAGE_SIZE })).toBe(3);
    expect(server.requests).toHaveLength(1);
  });

  it("should go on after a short page when it asked for more than the documented default, until an empty page", async () => {
    server.queued.push(
      { status: 200, body: { images: [image(1), image(2)] } },
      { status: 200, body: { images: [image(3)] } },
    );
    expect(await read(client("extension"), { limit: EXTENSION_PAGE_SIZE + 1 })).toBe(3);
    expect(server.requests.map((r) => new URLSearchParams(r.url.split("?")[1]).get("marker"))).toEqual([
      null,
      image(2).id,
      image(3).id,
    ]);
  });

  it("should refuse to go on from a full page whose last image has no id, which it skips with a warning", async () => {
    const emitted = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      server.queued.push({ status: 200, body: { images: [image(1), { created_at: "2026-01-01T00:00:00Z" }] } });
      const e = await read(client("extension"), { limit: 2 }).catch((x: unknown) => x);
      expect(ImsBadResponseError.isInstance(e)).toBe(true);
      expect((e as Error).message).toMatch(
        /: the last image of a page has no id, so the next page cannot be asked for$/,
      );
      expect(server.requests).toHaveLength(1);
      expect(emitted.mock.calls).toEqual([
        [
          expect.stringMatching(
            /^pulumi-ims skipped image \(no id\) of http:\/\/127\.0\.0\.1:\d+\/v2\/cloudimages\?.*, which it cannot read: id: /,
          ),
          { code: "IMS_SKIPPED_IMAGE" },
        ],
      ]);
    } finally {
      emitted.mockRestore();
    }
  });
});
