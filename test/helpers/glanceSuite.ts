import { glanceInstalled } from "./glance";

/**
 * Glance suites run when glance-api is installed (`bash test/glance/install.sh`); .ci/run
 * installs it and sets IMS_REQUIRE_GLANCE=1, so there a missing Glance fails instead of skipping.
 */
export function describeWithGlance(name: string, body: () => void): void {
  if (glanceInstalled()) {
    describe(name, body);
    return;
  }
  if (process.env.IMS_REQUIRE_GLANCE === "1") {
    describe(name, () => {
      it("needs Debian's glance-api (run bash test/glance/install.sh)", () => {
        throw new Error("glance-api or sqlite3 is not installed, and IMS_REQUIRE_GLANCE=1");
      });
    });
    return;
  }
  describe.skip(`${name} (glance-api not installed: bash test/glance/install.sh)`, body);
}

