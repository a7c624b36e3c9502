/**
 * Unit tests of a Pulumi program that uses ImageSelection: `pulumi.runtime.Mocks` that run each
 * ImageSelection through its real provider runtime (Check, then Create, as the engine does on `up`)
 * against a local IMS server, and hand every other resource and call to your own mocks.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as runtime from "../dynamicProvider/runtime";
import { SELECTION_TYPE } from "../core/vocabulary";

export interface ImsMocksOptions {
  /** The X-Auth-Token the server requires, if it was started with `auth: { tokens: [...] }`. */
  readonly token?: string;
  /**
   * Your mocks for every other resource and call. Without them a resource's state is its inputs
   * and its id `<name>-id`, and a call returns its inputs.
   */
  readonly mocks?: pulumi.runtime.Mocks;
}

/** `pulumi.runtime.setMocks(imsMocks(server), ...)`: ImageSelection outputs come from `server`. */
export function imsMocks(server: { readonly url: string }, options: ImsMocksOptions = {}): pulumi.runtime.Mocks {
  const config: Record<string, string | undefined> = { "ims:endpoint": server.url, "ims:token": options.token };
  const others = options.mocks;
  return {
    newResource: async (args) => {
      if (args.type !== SELECTION_TYPE) {
        return others
          ? others.newResource(args)
          : { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
      }
      // What the engine sends the provider before any call: the stack's ims:* config.
      await runtime.configure({ config: { get: (key) => config[key] } });
      const inputs = args.inputs as Record<string, unknown>;
      const checked = await runtime.check({}, inputs);
      if (checked.failures?.length)
        throw new Error(
          `ImageSelection ${args.name}: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`,
        );
      const created = await runtime.create(checked.inputs ?? inputs);
      return { id: created.id, state: created.outs ?? {} };
    },
    call: (args) => (others ? others.call(args) : (args.inputs as Record<string, unknown>)),
  };
}
