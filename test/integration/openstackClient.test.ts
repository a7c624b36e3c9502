/**
 * A real OpenStack client against the local IMS server: Debian's `openstack` CLI
 * (python3-openstackclient, installed with Glance) first asks for version discovery, as IMS
 * documents it, then lists with filters, sorting and paging, and shows an image. Its answers must
 * be the package's own client's, so users' other OpenStack tools can run against pulumi-ims/testing.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { getImages } from "../../sdk";
import { LocalImsServer } from "../../provider/localServer/server";
import { describeWithGlance } from "../helpers/glanceSuite";
import { freshClientsPerTest } from "../helpers/localServerHooks";

const run = promisify(execFile);
const TOKEN = "osc-token-4f1e";

describeWithGlance(
  "the openstack CLI against the local IMS server",
  () => {
    let server: LocalImsServer;
    beforeAll(async () => {
      server = await LocalImsServer.start({ catalog: { count: 300, seed: 3 } });
    });
    freshClientsPerTest(() => server);

    /** `openstack ...` without credentials, discovering the API from the endpoint; JSON out. */
    async function osc(...args: string[]): Promise<unknown> {
      const { stdout } = await run(
        "openstack",
        ["--os-auth-type", "none", "--os-endpoint", server.url, ...args, "-f", "json"],
        { env: { PATH: process.env.PATH ?? "", HOME: "/nonexistent" }, timeout: 60_000 },
      );
      return JSON.parse(stdout);
    }
    const ours = async (args: Parameters<typeof getImages>[0]) =>
      (await getImages({ virtualEnvType: "any", ...args }, { connection: { endpoint: server.url } })).ids;

    it("should discover the image API at / as IMS documents it (300 and the versions list), then list", async () => {
      // The CLI sorts by name unless told; it sorts on its side, stably, over the server's order.
      const listed = (await osc(
        "image",
        "list",
        "--status",
        "active",
        "--sort",
        "created_at:desc",
        "--limit",
        "5",
      )) as Array<{
        ID: string;
      }>;
      expect(server.requests[0]).toMatchObject({ method: "GET", path: "/" });
      expect(server.requests.some((r) => r.path === "/v2/images")).toBe(true);
      expect(listed.map((i) => i.ID)).toEqual(await ours({ limit: 5 }));
    });

    it("should page through every image by marker, and filter as the package does", async () => {
      // The CLI reads every page and applies --property itself.
      const args = ["--status", "active", "--sort", "created_at:desc", "--property", "__platform=Ubuntu"];
      const listed = (await osc("image", "list", ...args)) as Array<{ ID: string }>;
      // Glance's default page is 25: more than one page, each asked with the previous page's last id.
      const pages = server.imageRequests.filter((r) => r.path === "/v2/images");
      expect(pages.length).toBeGreaterThan(1);
      expect(pages.slice(1).every((r) => new URLSearchParams(r.query).has("marker"))).toBe(true);
      expect(listed.map((i) => i.ID)).toEqual(await ours({ platform: "Ubuntu" }));
    });

    it("should show an image as the package's client reads it", async () => {
      const [newest] = await ours({ limit: 1 });
      const shown = (await osc("image", "show", newest!)) as Record<string, unknown>;
      expect(shown).toMatchObject({ id: newest, status: "active" });
      const detail = server.imageRequests.find((r) => r.path === `/v2/images/${newest}`);
      expect(detail).toBeDefined();
    });

    it("should send a token given with --os-token to a server that requires one", async () => {
      const secured = await LocalImsServer.start({ catalog: { count: 20, seed: 3 }, auth: { tokens: [TOKEN] } });
      try {
        const { stdout } = await run(
          "openstack",
          [
            ...["--os-auth-type", "admin_token", "--os-token", TOKEN, "--os-endpoint", `${secured.url}/v2`],
            ...["image", "list", "--limit", "2", "-f", "json"],
          ],
          { env: { PATH: process.env.PATH ?? "", HOME: "/nonexistent" }, timeout: 60_000 },
        );
        expect(JSON.parse(stdout)).toHaveLength(2);
        expect(secured.imageRequests[0]!.headers["x-auth-token"]).toBe(TOKEN);
      } finally {
        await secured.close();
      }
    });
  },
  "openstackClient",
);
