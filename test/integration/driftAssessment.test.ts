/**
 * The drift assessment that ImageSelection's refresh and `ims-image drift` share: each reason from a
 * catalog on the local server, and what a refresh costs when nothing matches any more (no page of
 * names to suggest: nobody reads that message).
 */
import { assessSelection, filtersKey } from "../../provider/lookup/driftAssessment";
import { ImsApiError, ImsValidationError } from "../../provider/core/errors";
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
    // One page answers it: the newest match is the recorded image, so neither its details nor a
    // lookup by its id is asked for.
    expect(server.imageRequests.map((r) => r.path)).toEqual(["/v2/images"]);
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

  it("should say imageDeleted when IMS no longer knows the recorded image", async () => {
    const a = await assessSelection({ filters, recordedId: "ffffffff-1111-4000-8000-00000000dead" }, from());
    expect(a).toEqual({ reason: "imageDeleted", latest: expect.objectContaining({ id: NEW }) });
  });

  it("should pass on a failure other than not found when it reads the recorded image", async () => {
    server.injectFault({ kind: "status", status: 403 }, { path: /^\/v2\/images\/ffffffff-1111/ });
    const e = await assessSelection({ filters, recordedId: OLD }, from()).catch((x: unknown) => x);
    expect(ImsApiError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ status: 403 });
  });

  it("should say denied for a denied recorded image, the latest being the newest one not denied", async () => {
    const a = await assessSelection({ filters, recordedId: NEW, denyImageIds: [NEW] }, from());
    expect(a).toMatchObject({ reason: "denied", latest: { id: OLD }, recorded: { id: NEW } });
  });

  it("should say tooOld past maxAgeDays whole days, and not on the last day", async () => {
    const thirtyDaysOn = Date.parse("2026-01-31T23:59:59Z");
    const within = await assessSelection({ filters, recordedId: NEW, maxAgeDays: 30 }, from(), thirtyDaysOn);
    expect(within).toMatchObject({ reason: null, ageDays: 30 });
    const past = await assessSelection({ filters, recordedId: NEW, maxAgeDays: 29 }, from(), thirtyDaysOn);
    expect(past).toMatchObject({ reason: "tooOld", ageDays: 30 });
  });

  it("should look up with anyOwner when the selection accepts any publisher", async () => {
    const anyone = { platform: "Ubuntu" };
    expect((await assessSelection({ filters: anyone, anyOwner: true, recordedId: NEW }, from())).reason).toBeNull();
    // The same filters without anyOwner are refused before any request.
    const refused = await assessSelection({ filters: anyone, recordedId: NEW }, from()).catch((x: unknown) => x);
    expect(ImsValidationError.isInstance(refused)).toBe(true);
  });
});
