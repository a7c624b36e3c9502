/** Where ims-image writes: data to `out` (stdout), everything else to `err` (stderr). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Raw writes to a terminal's stderr, for the progress line; absent when stderr is not a terminal. */
  progress?(text: string): void;
}

/**
 * The binary's Io: each text a line, written through `write` to stdout or stderr. No text is no
 * line: `--format value` with nothing to print prints nothing.
 */
export function lineIo(
  write: (stream: "stdout" | "stderr", text: string) => void,
  progress?: (text: string) => void,
): Io {
  return {
    out: (t) => {
      if (t !== "") write("stdout", `${t}\n`);
    },
    err: (t) => write("stderr", `${t}\n`),
    progress,
  };
}
