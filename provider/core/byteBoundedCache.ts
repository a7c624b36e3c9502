/**
 * Pure: a least-recently-used map bounded by the bytes of its values (as the caller measures
 * them). Adding past the bound evicts the least recently used entries; a value larger than the
 * whole bound is not kept at all.
 */
export class ByteBoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private total = 0;

  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
    }
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }
}

/**
 * Answers by key: concurrent callers of one key share its promise, and an answer is then kept in
 * a ByteBoundedCache for later callers. A failure is not kept.
 */
export class SharedResults<V> {
  private readonly inFlight = new Map<string, Promise<V>>();
  private readonly kept: ByteBoundedCache<string, V>;

  constructor(
    maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {
    this.kept = new ByteBoundedCache(maxBytes);
  }

  /** The kept or pending answer for `key`, else `compute()`'s; `onShared` is told when no compute was needed. */
  get(key: string, compute: () => Promise<V>, onShared?: () => void): Promise<V> {
    const kept = this.kept.get(key);
    if (kept !== undefined) {
      onShared?.();
      return Promise.resolve(kept);
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      onShared?.();
      return pending;
    }
    const computed = compute();
    this.inFlight.set(key, computed);
    computed.then(
      (value) => {
        this.inFlight.delete(key);
        this.kept.set(key, value, this.sizeOf(value));
      },
      () => this.inFlight.delete(key),
    );
    return computed;
  }

  /** Bytes of the answers kept. */
  get bytes(): number {
    return this.kept.bytes;
  }
}
