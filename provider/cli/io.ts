/** Where ims-image writes: data to `out` (stdout), everything else to `err` (stderr). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Raw writes to a terminal's stderr, for the progress line; absent when stderr is not a terminal. */
  progress?(text: string): void;
}
