/**
 * clouds.yaml as openstacksdk reads it: each case writes clouds/secure files into an empty home and
 * working directory, asks openstacksdk (Debian's python3-openstacksdk, the truth here) what it resolves
 * for the cloud, and requires pulumi-ims to resolve the same auth settings, region and image endpoint.
 * Then what Open Telekom Cloud's own tools add, which openstacksdk does not read.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { resolveCloudsYaml } from "../../provider/connection/cloudsYaml";
import { resolveConnection } from "../../provider/connection/settings";
import { describeWithGlance } from "../helpers/glanceSuite";

const HELPER = join(__dirname, "../helpers/openstacksdkConfig.py");

interface Case {
  readonly name: string;
  /** Files by path relative to the home directory (`~`) or the working directory (`cwd/`). */
  readonly files: Record<string, string>;
  readonly cloud: string;
  /** OS_CLIENT_CONFIG_FILE / OS_CLIENT_SECURE_FILE, relative to home. */
  readonly configFile?: string;
  readonly secureFile?: string;
}

const otcPassword = `
    auth:
      username: alice
      password: pw-alice-1
      project_name: eu-de_sub
      user_domain_name: OTC-EU-DE-00000000001000000001`;

const CASES: Case[] = [
  {
    name: "a password cloud with region_name",
    cloud: "otc",
    files: {
      ".config/openstack/clouds.yaml": `clouds:\n  otc:\n    region_name: eu-de\n    auth:\n      auth_url: https://iam.eu-de.otc.t-systems.com/v3${otcPassword.replace(/\n {4}auth:/, "")}\n`,
    },
  },
  {
    name: "secure.yaml merged over clouds.yaml",
    cloud: "otc",
    files: {
      ".config/openstack/clouds.yaml":
        "clouds:\n  otc:\n    region_name: eu-nl\n    auth:\n      auth_url: https://iam.eu-nl.otc.t-systems.com/v3\n      username: bob\n      project_name: eu-nl\n      user_domain_name: ACME\n",
      ".config/openstack/secure.yaml": "clouds:\n  otc:\n    auth:\n      password: pw-from-secure-1\n",
    },
  },
  {
    name: "clouds.yml in the working directory, before the home one",
    cloud: "c",
    files: {
      "cwd/clouds.yml":
        "clouds:\n  c:\n    region_name: from-cwd\n    auth:\n      auth_url: https://k.example/v3\n      username: u\n      password: p-1\n      project_id: pid\n",
      ".config/openstack/clouds.yaml": "clouds:\n  c:\n    region_name: from-home\n",
    },
  },
  {
    name: "clouds.json",
    cloud: "j",
    files: {
      ".config/openstack/clouds.json": JSON.stringify({
        clouds: {
          j: {
            region_name: "eu-de",
            auth: { auth_url: "https://k.example", username: "u", password: "p-2", project_name: "eu-de" },
          },
        },
      }),
    },
  },
  {
    name: "profile: otc, its first region and {region_name} in its auth URL",
    cloud: "o",
    files: { ".config/openstack/clouds.yaml": `clouds:\n  o:\n    profile: otc${otcPassword}\n` },
  },
  {
    name: "profile: otc with a region of its list",
    cloud: "o",
    files: {
      ".config/openstack/clouds.yaml": `clouds:\n  o:\n    profile: otc\n    region_name: eu-nl${otcPassword}\n`,
    },
  },
  {
    name: "tenant_* aliases and dashed keys",
    cloud: "t",
    files: {
      ".config/openstack/clouds.yaml":
        "clouds:\n  t:\n    region_name: r1\n    auth:\n      auth-url: https://k.example/v3\n      username: u\n      password: p-3\n      tenant-name: old-name\n      tenant_id: old-id\n      user-domain-name: D1\n",
    },
  },
  {
    name: "project_* winning over tenant_*",
    cloud: "t",
    files: {
      ".config/openstack/clouds.yaml":
        "clouds:\n  t:\n    auth:\n      auth_url: https://k.example/v3\n      username: u\n      password: p-4\n      tenant_name: old\n      project_name: new\n      domain_name: ONE-DOMAIN\n",
    },
  },
  {
    name: "user_id",
    cloud: "i",
    files: {
      ".config/openstack/clouds.yaml":
        "clouds:\n  i:\n    region_name: eu-de\n    auth:\n      auth_url: https://k.example/v3\n      user_id: 0123abcd\n      password: p-5\n      project_id: pid\n",
    },
  },
  {
    name: "a regions: list with values",
    cloud: "r",
    files: {
      ".config/openstack/clouds.yaml":
        "clouds:\n  r:\n    regions:\n      - name: eu-nl\n        values:\n          image_endpoint_override: https://ims.eu-nl.otc.t-systems.com\n      - eu-de\n    auth:\n      auth_url: https://k.example/v3\n      token: tok-123456\n      project_name: p\n",
    },
  },
  {
    name: "a comma list in region_name",
    cloud: "r",
    files: {
      ".config/openstack/clouds.yaml":
        "clouds:\n  r:\n    region_name: eu-de,eu-nl\n    image_endpoint_override: https://ims.example/v2\n    auth:\n      auth_url: https://k.example/v3\n      auth_token: tok-7890\n      project_id: pid\n",
    },
  },
  {
    name: "OS_CLIENT_CONFIG_FILE and OS_CLIENT_SECURE_FILE before the search path",
    cloud: "x",
    configFile: "elsewhere/my-clouds.yaml",
    secureFile: "elsewhere/my-secure.yaml",
    files: {
      "elsewhere/my-clouds.yaml":
        "clouds:\n  x:\n    region_name: eu-de\n    auth:\n      auth_url: https://k.example/v3\n      username: u\n      project_name: eu-de\n      project_domain_name: PD\n      user_domain_id: UD\n",
      "elsewhere/my-secure.yaml": "clouds:\n  x:\n    auth:\n      password: p-secret-9\n",
      ".config/openstack/clouds.yaml": "clouds:\n  x:\n    region_name: not-this-one\n",
    },
  },
];

const COMPARED = [
  "auth_url",
  "username",
  "user_id",
  "password",
  "token",
  "project_id",
  "project_name",
  "user_domain_name",
  "user_domain_id",
  "project_domain_name",
  "project_domain_id",
  "domain_name",
  "domain_id",
];

function layOut(c: Case): { home: string; cwd: string; env: Record<string, string>; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), "ims-clouds-diff-"));
  const home = join(root, "home");
  const cwd = join(root, "cwd");
  mkdirSync(home, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  for (const [path, text] of Object.entries(c.files)) {
    const full = path.startsWith("cwd/") ? join(cwd, path.slice(4)) : join(home, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  const env: Record<string, string> = { HOME: home, PATH: process.env.PATH ?? "/usr/bin:/bin" };
  if (c.configFile) env.OS_CLIENT_CONFIG_FILE = join(home, c.configFile);
  if (c.secureFile) env.OS_CLIENT_SECURE_FILE = join(home, c.secureFile);
  return { home, cwd, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

describeWithGlance(
  "clouds.yaml: the same resolution as openstacksdk",
  () => {
    it.each(CASES)("$name", (c) => {
      const { cwd, env, cleanup } = layOut(c);
      const previous = process.cwd();
      try {
        const truth = JSON.parse(
          execFileSync("/usr/bin/python3", [HELPER], {
            cwd,
            env,
            input: JSON.stringify({ cloud: c.cloud }),
            encoding: "utf8",
          }),
        ) as {
          auth: Record<string, string>;
          region_name: string;
          image_endpoint_override: string | null;
        };
        process.chdir(cwd);
        const ours = resolveCloudsYaml(
          c.cloud,
          { cloudsPath: env.OS_CLIENT_CONFIG_FILE, securePath: env.OS_CLIENT_SECURE_FILE },
          env,
        ).config;
        const pick = (auth: Record<string, unknown>) =>
          Object.fromEntries(COMPARED.filter((k) => auth[k] !== undefined).map((k) => [k, String(auth[k])]));
        expect(pick(ours.auth as Record<string, unknown>)).toEqual(pick(truth.auth));
        expect(ours.region_name).toBe(truth.region_name);
        expect(ours.image_endpoint_override ?? null).toBe(truth.image_endpoint_override);
      } finally {
        process.chdir(previous);
        cleanup();
      }
    });
  },
  "openstacksdk",
);

describe("clouds.yaml: what Open Telekom Cloud's tools add, and what pulumi-ims makes of it", () => {
  function resolveWith(files: Record<string, string>, cloud: string) {
    const { env, cwd, cleanup } = layOut({ name: "", cloud, files });
    const previous = process.cwd();
    try {
      process.chdir(cwd);
      return resolveConnection({ options: {}, env: { ...env, OS_CLOUD: cloud } });
    } finally {
      process.chdir(previous);
      cleanup();
    }
  }

  it("should name each directory of the search path once when no clouds.yaml is found", () => {
    const { env, cwd, cleanup } = layOut({ name: "", cloud: "nowhere", files: {} });
    const previous = process.cwd();
    try {
      process.chdir(cwd);
      let message = "";
      try {
        resolveConnection({ options: {}, env: { ...env, OS_CLOUD: "nowhere" } });
      } catch (e) {
        message = (e as Error).message;
      }
      const dirs = /in (.*)\)$/.exec(message)![1]!.split(", ");
      expect(dirs).toContain(join(env.HOME!, ".config", "openstack"));
      expect(new Set(dirs).size).toBe(dirs.length);
    } finally {
      process.chdir(previous);
      cleanup();
    }
  });

  it("should read auth.ak, auth.sk and auth.security_token, and take the region from a <region>_<suffix> project name", () => {
    const c = resolveWith(
      {
        ".config/openstack/clouds.yaml":
          "clouds:\n  otc:\n    auth:\n      auth_url: https://iam.eu-de.otc.t-systems.com/v3\n      ak: AKFROMYAML\n      sk: sk-from-yaml-1\n      security_token: st-from-yaml\n      project_name: eu-nl_team\n",
      },
      "otc",
    );
    expect(c).toMatchObject({
      region: "eu-nl",
      auth: {
        kind: "aksk",
        accessKey: "AKFROMYAML",
        secretKey: "sk-from-yaml-1",
        securityToken: "st-from-yaml",
        projectName: "eu-nl_team",
        iamUrl: "https://iam.eu-de.otc.t-systems.com/v3",
      },
    });
  });

  it("should expand profile: otc-swiss (newer openstacksdk) to its IAM and region", () => {
    const c = resolveWith(
      { ".config/openstack/clouds.yaml": `clouds:\n  ch:\n    profile: otc-swiss${otcPassword}\n` },
      "ch",
    );
    expect(c).toMatchObject({
      region: "eu-ch2",
      auth: { kind: "password", authUrl: "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3", projectName: "eu-de_sub" },
    });
  });

  it("should take image_endpoint_override as the IMS endpoint, without /v2", () => {
    const c = resolveWith(
      {
        ".config/openstack/clouds.yaml":
          "clouds:\n  r:\n    region_name: eu-de\n    image_endpoint_override: https://ims.example/v2\n    auth:\n      auth_url: https://k.example/v3\n      token: tok-override-1\n",
      },
      "r",
    );
    expect(c.endpoint).toBe("https://ims.example");
  });
});
