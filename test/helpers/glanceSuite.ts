import { execFileSync } from "node:child_process";

/** Commands each real service needs on PATH, and how to get them. */
const SERVICES = {
  glance: { commands: ["glance-api", "sqlite3"], what: "Debian's glance-api and sqlite3" },
  keystone: {
    commands: ["glance-api", "sqlite3", "keystone-manage", "uwsgi_python3"],
    what: "Debian's glance-api, sqlite3 and keystone",
  },
  // Debian's python3-openstacksdk (with the openstack CLI), in the system Python.
  openstacksdk: { commands: ["/usr/bin/python3 -c 'import openstack.config'"], what: "Debian's python3-openstacksdk" },
  // Debian's python3-openstackclient: the `openstack` command.
  openstackClient: { commands: ["openstack"], what: "Debian's python3-openstackclient" },
} as const;
const ENABLE = "sudo bash test/glance/install.sh --keystone";

function missing(commands: readonly string[]): string[] {
  return commands.filter((c) => {
    try {
      execFileSync("sh", ["-c", c.includes(" ") ? c : `command -v ${c}`], { stdio: "ignore" });
      return false;
    } catch {
      return true;
    }
  });
}

/**
 * A describe block that runs against real Glance (and Keystone) when Debian's packages are
 * installed. Otherwise it is skipped with a title that says why and how to enable it, which
 * test/helpers/skipSummary.js sums up at the end of the run; with IMS_REQUIRE_GLANCE=1
 * (.ci/run) a missing package is a failure instead.
 */
export function describeWithGlance(name: string, body: () => void, needs: keyof typeof SERVICES = "glance"): void {
  const absent = missing(SERVICES[needs].commands);
  if (absent.length === 0) {
    describe(name, body);
    return;
  }
  // The same words for every suite that lacks the same commands, so the summary gives one line.
  const reason = `real OpenStack Glance/Keystone/openstacksdk tests need Debian packages that are not installed (missing: ${absent.map((c) => c.split(" ")[0]).join(", ")}${needs === "openstacksdk" ? " with openstack" : ""})`;
  if (process.env.IMS_REQUIRE_GLANCE === "1") {
    describe(name, () => {
      it(`needs ${SERVICES[needs].what}`, () => {
        throw new Error(`${reason}, and IMS_REQUIRE_GLANCE=1; run ${ENABLE}`);
      });
    });
    return;
  }
  describe.skip(`${name} [skipped: ${reason}; enable: ${ENABLE}]`, body);
}
