/**
 * Progress of a long lookup on stderr, for people: after a second without an answer, a line
 * "read N page(s), M image(s)" rewritten in place, cleared at the end. Silent when stderr is not
 * a terminal (pipelines, CI logs) or with --quiet.
 */
import type { ProgressListener } from "../lookup/scan";

export interface ProgressOptions {
  readonly enabled: boolean;
  readonly write: (text: string) => void;
  /** Milliseconds before the first line; default 1000. */
  readonly afterMs?: number;
  readonly now?: () => number;
}

export interface Progress {
  readonly onProgress: ProgressListener;
  /** Clears the line, if one was written. */
  done(): void;
}

export function progressLine(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  let shown = false;
  return {
    onProgress: ({ pages, images }) => {
      if (!options.enabled || now() - started < (options.afterMs ?? 1000)) return;
      shown = true;
      options.write(`\r\x1b[2Kread ${pages} page(s), ${images} image(s)...`);
    },
    done: () => {
      if (shown) options.write("\r\x1b[2K");
    },
  };
}
