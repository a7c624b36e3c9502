/**
 * The User-Agent of every request names the package's version as package.json has it: the
 * version is read by walking up to pulumi-ims's package.json, and the transport sends what was read
 * (a mocked version here, so that a version written into the transport fails the test).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

jest.mock("../../provider/core/packageVersion", () => ({
  ...jest.requireActual<object>("../../provider/core/packageVersion"),
  PACKAGE_VERSION: "9.9.9-test",
}));

import { packageVersionIn } from "../../provider/core/packageVersion";
import { resolveConnection } from "../../provider/connection/settings";
import { ImsClient } from "../../provider/services/imsClient";
import { LocalImsServer } from "../../provider/localServer/server";
import { pageQuery } from "../helpers/pageQuery";
import { freshClientsPerTest } from "../helpers/localServerHooks";

let server: LocalImsServer;
beforeAll(async () => {
  server = await LocalImsServer.start({ catalog: { count: 5 } });
});
freshClientsPerTest(() => server);

describe("User-Agent", () => {
  it("should send the version that was read", async () => {
    await new ImsClient(resolveConnection({ options: { endpoint: server.url }, env: {} })).listPage(
      pageQuery({ limit: 1 }),
    );
    expect(server.imageRequests[0]!.headers["user-agent"]).toBe("pulumi-ims/9.9.9-test");
  });
});

describe("packageVersionIn()", () => {
  it("should read pulumi-ims's package.json above, past another package's", () => {
    const root = mkdtempSync(join(tmpdir(), "ims-version-"));
    try {
      writeFileSync(join(root, "package.json"), JSON.stringify({ name: "pulumi-ims", version: "7.8.9" }));
      mkdirSync(join(root, "dist", "provider", "core"), { recursive: true });
      writeFileSync(join(root, "dist", "package.json"), JSON.stringify({ name: "other", version: "1.0.0" }));
      expect(packageVersionIn(join(root, "dist", "provider", "core"))).toBe("7.8.9");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("should look five levels up at most, then say unknown", () => {
    const root = mkdtempSync(join(tmpdir(), "ims-version-"));
    try {
      writeFileSync(join(root, "package.json"), JSON.stringify({ name: "pulumi-ims", version: "7.8.9" }));
      const fourDown = join(root, "a", "b", "c", "d");
      mkdirSync(join(fourDown, "e"), { recursive: true });
      expect(packageVersionIn(fourDown)).toBe("7.8.9");
      expect(packageVersionIn(join(fourDown, "e"))).toBe("unknown");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
