/** One IMS client per connection per process, so its page cache and pools are shared by every lookup on it. */
import { createHash } from "node:crypto";
import { ImsClient, type ImsConnection } from "../services/imsClient";
import { resolveConnection, type ConnectionSources } from "./settings";
import { releaseAll } from "../services/lockout";
import { forgetProjectIds } from "../services/iamProjects";

const clients = new Map<string, ImsClient>();

/** A stable key for a connection; secrets are hashed, never kept as text. */
function connectionKey(c: ImsConnection): string {
  return createHash("sha256").update(JSON.stringify(c)).digest("hex");
}

/** The process-wide client for these settings (resolved from options, config, env and clouds.yaml). */
export function clientFor(from: ConnectionSources = {}): ImsClient {
  const resolved = resolveConnection(from);
  const key = connectionKey(resolved);
  let client = clients.get(key);
  if (!client) {
    client = new ImsClient(resolved);
    clients.set(key, client);
  }
  return client;
}

/** Drops every process-wide client and its cache (tests; long-lived processes). */
export function resetClients(): void {
  clients.clear();
  // The caller says the settings or credentials may have changed.
  releaseAll();
  forgetProjectIds();
}
