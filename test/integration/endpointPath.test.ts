/**
 * An IMS endpoint behind a gateway path (`https://gw.example/ims`): every API path goes under it, as
 * the endpoint is written with or without `/v2` and trailing slashes.
 */
import { getImages } from "../../sdk";
import { makeImage } from "../../provider/localServer/catalog";
import { resetClients } from "../../provider/connection/clients";
import { closeAllPools } from "../../provider/transport/http";
import { startScriptedServer, type ScriptedServer } from "../helpers/scriptedServer";

const IMAGE = makeImage({ id: "abababab-0000-4000-8000-000000000001", created_at: "2026-01-01T00:00:00Z" }).json;
let server: ScriptedServer;

beforeAll(async () => {
  server = await startScriptedServer((r) =>
    r.url.startsWith("/ims/v2/images?") ? { status: 200, body: { images: [IMAGE] } } : { status: 404 },
  );
});
beforeEach(() => {
  resetClients();
  server.reset();
});
afterAll(async () => {
  await server.close();
  await closeAllPools();
});

describe("an endpoint with a path", () => {
  it.each(["/ims", "/ims/", "/ims/v2", "/ims/v2//"])("should send every request under %s", async (path) => {
    const { ids } = await getImages({ limit: 1 }, { connection: { endpoint: `${server.url}${path}` } });
    expect(ids).toEqual([IMAGE.id]);
    expect(server.requests.map((r) => r.url.split("?")[0])).toEqual(["/ims/v2/images"]);
  });
});
