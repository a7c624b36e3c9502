/**
 * A loopback HTTP server whose every answer the test writes (status, headers, body): those queued,
 * in order, then the fallback's; it records each request as it arrived. For the replies no real
 * server gives on demand (a token without its header, a body that is not a token, a 401 with a
 * request id) and for holding an answer back until the test lets it go (concurrency without sleeps).
 */
import { createServer, type IncomingHttpHeaders } from "node:http";

export interface SeenRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface ScriptedAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** A string is sent as it is; anything else as JSON. */
  readonly body?: unknown;
}

export interface ScriptedServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Answers for the next requests, in order, before the fallback's; a promise holds its answer back. */
  readonly queued: Array<ScriptedAnswer | Promise<ScriptedAnswer>>;
  /** Forgets the requests seen and the answers still queued (between tests). */
  reset(): void;
  close(): Promise<void>;
}

export async function startScriptedServer(
  fallback: (request: SeenRequest) => ScriptedAnswer | Promise<ScriptedAnswer>,
): Promise<ScriptedServer> {
  const requests: SeenRequest[] = [];
  const queued: Array<ScriptedAnswer | Promise<ScriptedAnswer>> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request: SeenRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(request);
      void Promise.resolve(queued.shift() ?? fallback(request)).then((a) => {
        const text = typeof a.body === "string" || a.body === undefined ? (a.body ?? "") : JSON.stringify(a.body);
        res.writeHead(a.status, { "content-type": "application/json", ...a.headers });
        res.end(text);
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    queued,
    reset: () => {
      requests.length = 0;
      queued.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A promise the test settles later: for an answer held back until the test lets it go. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
