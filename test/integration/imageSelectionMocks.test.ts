/**
 * ImageSelection and getImageOutput under pulumi.runtime.setMocks: the wiring a
 * program sees (type token, inputs, serialized provider), secrets kept out of
 * inputs and provider text, and no lookup while an input is unknown in preview.
 */
import * as pulumi from "@pulumi/pulumi";
import { LocalImsServer } from "../../provider/localServer/server";
import { makeImage } from "../../provider/localServer/catalog";
import { closeAllPools } from "../../provider/transport/http";
import { getImageOutput, ImageSelection } from "../../sdk";
import { resolved, known, secret } from "../helpers/outputs";

const SECRET_TOKEN = "mock-secret-token-7c6a180b";
const SECRET_SK = "mock-secret-sk-36ebd1f7";
const registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];
let server: LocalImsServer;

beforeAll(async () => {
  server = await LocalImsServer.start({
    catalog: [
      makeImage({
        id: "ffffffff-0000-4000-8000-000000000001",
        created_at: "2025-01-01T00:00:00Z",
        name: "Ubuntu 22.04 server 64bit",
      }),
    ],
    auth: { tokens: [SECRET_TOKEN] },
  });
  pulumi.runtime.setAllConfig({ "ims:endpoint": server.url, "ims:token": SECRET_TOKEN, "ims:secretKey": SECRET_SK }, [
    "ims:token",
    "ims:secretKey",
  ]);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        // In preview the engine does not call create for dynamic resources: outputs stay unknown.
        return { id: "mock-id", state: args.inputs };
      },
      call: () => {
        throw new Error("getImage must not be an engine invoke");
      },
    },
    "drift",
    "dev",
    true,
  );
});
afterAll(async () => {
  await server.close();
  await closeAllPools();
});

describe("ImageSelection (mocks)", () => {
  it("should register a dynamic resource with the filters and a serialized provider", async () => {
    const selection = new ImageSelection("boot", { platform: "Ubuntu", nameRegex: "^Ubuntu 22", followLatest: true });
    await resolved(selection.urn);
    const r = registered.find((x) => x.name === "boot")!;
    expect(r.type).toBe("pulumi-nodejs:dynamic/ims:ImageSelection");
    expect(r.inputs).toMatchObject({ platform: "Ubuntu", nameRegex: "^Ubuntu 22", followLatest: true });
    expect(typeof r.inputs.__provider).toBe("string");
    const text = r.inputs.__provider as string;
    expect(text).toContain('require("pulumi-ims/runtime")');
    expect(text).not.toMatch(/\/tmp\/|\/work\/|__config|zod/);
    for (const s of [SECRET_TOKEN, SECRET_SK]) expect(JSON.stringify(r.inputs)).not.toContain(s);
  });
});

describe("getImageOutput (mocks)", () => {
  it("should look up once known, reading ims:* config, never through an invoke", async () => {
    server.resetRequests();
    const image = getImageOutput({ anyOwner: true, name: pulumi.output("Ubuntu 22.04 server 64bit") });
    expect(await resolved(image.id)).toBe("ffffffff-0000-4000-8000-000000000001");
    expect(server.imageRequests).toHaveLength(1);
    expect(server.imageRequests[0]!.headers["x-auth-token"]).toBe(SECRET_TOKEN);
  });

  it("should not look anything up while an input is unknown in preview", async () => {
    const pending = new ImageSelection("pending", { platform: "Ubuntu" });
    server.resetRequests();
    const image = getImageOutput({ anyOwner: true, id: pending.imageId });
    expect(await known(image)).toBe(false);
    expect(server.imageRequests).toHaveLength(0);
  });

  it("should keep a secret input's result secret", async () => {
    const image = getImageOutput({ anyOwner: true, name: pulumi.secret("Ubuntu 22.04 server 64bit") });
    expect(await secret(image)).toBe(true);
  });
});
