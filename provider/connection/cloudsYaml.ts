/** Connection options from a cloud of clouds.yaml (OS_CLOUD), as openstacksdk finds and reads the file. */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import type { ConnectionOptions } from "../core/connectionOptions";
import { ImsConfigError } from "../core/errors";
import type { Env } from "./environment";

const cloudsFileSchema = z.looseObject({
  clouds: z.record(
    z.string(),
    z.looseObject({
      region_name: z.string().optional(),
      auth: z
        .looseObject({
          auth_url: z.string().optional(),
          username: z.string().optional(),
          password: z.string().optional(),
          token: z.string().optional(),
          project_id: z.string().optional(),
          project_name: z.string().optional(),
          user_domain_name: z.string().optional(),
          user_domain_id: z.string().optional(),
          domain_name: z.string().optional(),
          project_domain_name: z.string().optional(),
          project_domain_id: z.string().optional(),
          ak: z.string().optional(),
          sk: z.string().optional(),
        })
        .optional(),
      endpoint: z.string().optional(),
    }),
  ),
});

function cloudsYamlCandidates(explicit: string | undefined, env: Env): string[] {
  if (explicit) return [explicit];
  return [join(process.cwd(), "clouds.yaml"), join(env.HOME ?? homedir(), ".config/openstack/clouds.yaml"), "/etc/openstack/clouds.yaml"];
}

/** The named cloud of clouds.yaml, as connection options. */
export function optionsFromCloudsYaml(name: string, path: string | undefined, env: Env): ConnectionOptions {
  const file = cloudsYamlCandidates(path, env).find((p) => existsSync(p));
  if (!file) throw new ImsConfigError(`OS_CLOUD is ${JSON.stringify(name)} but no clouds.yaml was found (looked in ${cloudsYamlCandidates(path, env).join(", ")})`);
  // yaml is loaded only by those who use clouds.yaml.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse: parseYaml } = require("yaml") as typeof import("yaml");
  const parsed = cloudsFileSchema.safeParse(parseYaml(readFileSync(file, "utf8")));
  if (!parsed.success) throw new ImsConfigError(`${file} is not a clouds.yaml file with a "clouds:" map`);
  const cloud = parsed.data.clouds[name];
  if (!cloud) throw new ImsConfigError(`cloud ${JSON.stringify(name)} is not in ${file}; it has ${Object.keys(parsed.data.clouds).join(", ") || "no clouds"}`);
  const a = cloud.auth ?? {};
  const o: Record<string, unknown> = {
    endpoint: cloud.endpoint,
    region: cloud.region_name,
    authUrl: a.auth_url,
    username: a.username,
    password: a.password,
    token: a.token,
    accessKey: a.ak,
    secretKey: a.sk,
    projectId: a.project_id,
    projectName: a.project_name,
    userDomainName: a.user_domain_name ?? a.domain_name,
    userDomainId: a.user_domain_id,
    projectDomainName: a.project_domain_name,
    projectDomainId: a.project_domain_id,
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as ConnectionOptions;
}
