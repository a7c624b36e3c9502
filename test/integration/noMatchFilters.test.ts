/** What a lookup that found nothing says it asked for: each filter where it was applied, in IMS or here. */
import { getImage, ImsNoMatchError } from "../../sdk";
import { freshClientsPerTest } from "../helpers/localServerHooks";
import { LocalImsServer } from "../../provider/localServer/server";

let server: LocalImsServer;
beforeAll(async () => {
  server = await LocalImsServer.start({ catalog: { count: 50, seed: 5 } });
});
freshClientsPerTest(() => server);

describe("the filters of a lookup that found nothing", () => {
  it("should list those applied locally, as those sent, one by one", async () => {
    const e = await getImage(
      { anyOwner: true, platform: "Ubuntu", architecture: "arm", nameRegex: "^no such image" },
      { connection: { endpoint: server.url } },
    ).catch((x: unknown) => x);
    expect(ImsNoMatchError.isInstance(e)).toBe(true);
    expect((e as ImsNoMatchError).message).toContain(
      'sent to IMS: platform="Ubuntu", status="active", virtualEnvType="FusionCompute"; applied locally: nameRegex=/^no such image/, architecture="arm")',
    );
  });
});
