/**
 * The drift assessment that ImageSelection's refresh and `ims-image drift` share: each reason from a
 * catalog on the local server, and what a refresh costs when nothing matches any more (no page of
 * names to suggest: nobody reads that message).
 */
import { assessSelection, filtersKey } from "../../provider/lookup/driftAssessment";
import { makeImage } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";
import { freshClientsPerTest } from "../helpers/localServerHooks";

const OLD = "ffffffff-1111-4000-8000-000000000001";
const NEW = "ffffffff-1111-4000-8000-000000000002";
let server: LocalImsServer;

beforeAll(async () => {
  server = await LocalImsServer.start({
    catalog: [
      makeImage({ id: OLD, created_at: "2025-01-01T00:00:00Z", name: "Ubuntu 22.04 server 64bit", __os_bit: "64" }),
      makeImage({ id: NEW, created_at: "2026-01-01T00:00:00Z", name: "Ubuntu 22.04 server 64bit", __os_bit: "64" }),
    ],
  });
});
freshClientsPerTest(() => server);

const from = () => ({ options: { endpoint: server.url } });
const filters = { platform: "Ubuntu", imageType: "gold" };

describe("assessSelection()", () => {
  it("should find no drift when the recorded image is the newest match, chosen with these filters", async () => {
    const a = await assessSelection({ filters, recordedId: NEW, chosenWith: filtersKey(filters) }, from());
    expect(a.reason).toBeNull();
  });

  it("should say filtersChanged when the filters differ from those the image was chosen with", async () => {
    const now = { ...filters, osBit: 64 };
    const a = await assessSelection({ filters: now, recordedId: NEW, chosenWith: filtersKey(filters) }, from());
    expect(a.reason).toBe("filtersChanged");
    // Without a record of the filters it was chosen with, nothing tells them apart.
    expect((await assessSelection({ filters: now, recordedId: NEW }, from())).reason).toBeNull();
  });

  it("should say newerImage, before filtersChanged is even asked, when a newer image matches", async () => {
    const a = await assessSelection({ filters, recordedId: OLD, chosenWith: filtersKey(filters) }, from());
    expect(a).toMatchObject({ reason: "newerImage", latest: { id: NEW }, recorded: { id: OLD } });
  });

  it("should ask no page of names to suggest when nothing matches any more", async () => {
    const gone = { ...filters, name: "Ubuntu 23.04 server 64bit" };
    const a = await assessSelection({ filters: gone, recordedId: NEW, chosenWith: filtersKey(gone) }, from());
    expect(a).toMatchObject({ reason: "noLongerMatches", latest: undefined, recorded: { id: NEW } });
    const lists = server.imageRequests.filter((r) => r.path === "/v2/images");
    // The newest-match lookup and the lookup of the recorded id, both with the name: no page without it.
    expect(lists.map((r) => r.query.includes("name=Ubuntu%2023.04"))).toEqual([true, true]);
    expect(server.imageRequests).toHaveLength(3);
  });
});
