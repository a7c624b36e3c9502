import { lineIo } from "../../provider/cli/io";
import { main } from "../../provider/cli/main";

export type Ran = { code: number; stdout: string; stderr: string };

/**
 * `ims-image ARGS` through the CLI's main() in this process, as the binary runs it: the same argv,
 * this environment only (and PATH), its Io; stdout and stderr kept apart. In-process, so the mutation
 * suite sees the code it runs.
 */
export async function runCli(args: string[], env: Record<string, string>): Promise<Ran> {
  const written = { stdout: "", stderr: "" };
  const code = await main(
    args,
    lineIo((stream, text) => (written[stream] += text)),
    { PATH: process.env.PATH ?? "", ...env },
  );
  return { code, ...written };
}
