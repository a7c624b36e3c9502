/**
 * undici's Pool and its request API, required by path rather than through the package entry:
 * `require("undici")` loads all of undici (fetch, WebSocket, EventSource, caches, ...), about
 * 45 ms of the first lookup in a fresh process (`npm run bench` prints it), of which this layer
 * uses one class and one method. undici has no `exports` map, so the paths are public; the
 * dependency is pinned to a patch range (~7.30), and every HTTP test goes through here.
 */
import type { Dispatcher, Pool as UndiciPool } from "undici";

/* eslint-disable @typescript-eslint/no-require-imports -- loaded by path, see above */
const Pool = require("undici/lib/dispatcher/pool") as typeof UndiciPool;
const request = require("undici/lib/api/api-request") as (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;
/* eslint-enable @typescript-eslint/no-require-imports */

/** What the transport needs of a keep-alive pool. */
export interface KeepAlivePool {
  request(options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  close(): Promise<void>;
}

export function keepAlivePool(origin: string, options: UndiciPool.Options): KeepAlivePool {
  const pool = new Pool(origin, options);
  return {
    request: (o) => request.call(pool, o),
    close: () => pool.close(),
  };
}
