/**
 * Connection options from a profile of the hcloud / KooCLI config file, as Huawei Cloud's Terraform
 * provider reads it: `HW_PROFILE` names the profile (else the file's `current`), `HW_SHARED_CONFIG_FILE`
 * the file (default ~/.hcloud/config.json). Read only when one of the two is set.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import type { ConnectionOptions } from "../core/connectionOptions";
import { ImsConfigError } from "../core/errors";
import type { Env } from "./environment";

const configFileSchema = z.looseObject({
  current: z.string().optional(),
  profiles: z.array(
    z.looseObject({
      name: z.string(),
      mode: z.string().optional(),
      accessKeyId: z.string().optional(),
      secretAccessKey: z.string().optional(),
      securityToken: z.string().optional(),
      region: z.string().optional(),
      projectId: z.string().optional(),
      domainId: z.string().optional(),
    }),
  ),
});

export function optionsFromHcloudProfile(env: Env): ConnectionOptions {
  const named = env.HW_PROFILE || undefined;
  const explicitFile = env.HW_SHARED_CONFIG_FILE || undefined;
  if (!named && !explicitFile) return {};
  const file = explicitFile ?? join(env.HOME ?? homedir(), ".hcloud", "config.json");
  if (!existsSync(file))
    throw new ImsConfigError(`HW_PROFILE is set but ${file} (HW_SHARED_CONFIG_FILE) does not exist`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new ImsConfigError(`${file} is not JSON (an hcloud / KooCLI config file)`);
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) throw new ImsConfigError(`${file} is not an hcloud / KooCLI config file with a "profiles" list`);
  const name = named ?? parsed.data.current;
  const profile = parsed.data.profiles.find((p) => p.name === name);
  if (!profile)
    throw new ImsConfigError(
      `profile ${JSON.stringify(name)} is not in ${file}; it has ${parsed.data.profiles.map((p) => p.name).join(", ") || "none"}`,
    );
  const o: Record<string, unknown> = {
    accessKey: profile.accessKeyId,
    secretKey: profile.secretAccessKey,
    securityToken: profile.securityToken,
    region: profile.region,
    projectId: profile.projectId,
    userDomainId: profile.domainId,
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ""));
}
