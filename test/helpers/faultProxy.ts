/**
 * A loopback HTTP proxy in front of a server (Glance) that counts requests and,
 * when given a fault rate, injects faults drawn from a seeded generator: latency,
 * 429 bursts with Retry-After, 503 bursts, connection resets and truncated bodies.
 */
import {
  request as httpRequest,
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { prng } from "../../provider/localServer/catalog";

export type FaultKind = "latency" | "429" | "503" | "reset" | "truncate";

export interface FaultProxyOptions {
  /** Share of requests that get a fault (0..1). */
  readonly faultRate?: number;
  readonly seed?: number;
  /** A 429 or 503 comes in a burst of 1..maxBurst consecutive requests. */
  readonly maxBurst?: number;
  readonly maxLatencyMs?: number;
}

export class FaultProxy {
  requests = 0;
  readonly injected: Record<FaultKind, number> = { latency: 0, "429": 0, "503": 0, reset: 0, truncate: 0 };
  private burst: { kind: "429" | "503"; left: number } | undefined;
  private readonly random: () => number;

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
    private readonly options: FaultProxyOptions,
  ) {
    this.random = prng(options.seed ?? 1);
  }

  static async start(target: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, new URL(target), options);
    server.on("request", (req, res) => void proxy.handle(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get faults(): number {
    return Object.values(this.injected).reduce((a, b) => a + b, 0);
  }

  reset(): void {
    this.requests = 0;
    for (const k of Object.keys(this.injected) as FaultKind[]) this.injected[k] = 0;
    this.burst = undefined;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private pick(): FaultKind | undefined {
    if (this.burst && this.burst.left > 0) {
      this.burst.left--;
      return this.burst.kind;
    }
    if (this.random() >= (this.options.faultRate ?? 0)) return undefined;
    const kinds: FaultKind[] = ["latency", "429", "503", "reset", "truncate"];
    const kind = kinds[Math.floor(this.random() * kinds.length)]!;
    if (kind === "429" || kind === "503")
      this.burst = { kind, left: Math.floor(this.random() * (this.options.maxBurst ?? 3)) };
    return kind;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const fault = this.pick();
    if (fault) this.injected[fault]++;
    if (fault === "latency")
      await new Promise((r) => setTimeout(r, Math.floor(this.random() * (this.options.maxLatencyMs ?? 200))));
    if (fault === "reset") return void req.socket.destroy();
    if (fault === "429" || fault === "503") {
      const body = JSON.stringify({
        message: fault === "429" ? "Too Many Requests" : "Service Unavailable",
        code: `${fault}`,
        title: "fault",
      });
      res.writeHead(Number(fault), {
        "content-type": "application/json",
        ...(fault === "429" ? { "retry-after": "1" } : {}),
      });
      return void res.end(body);
    }
    const upstream = httpRequest(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: this.target.host },
      },
      (up) => {
        if (fault === "truncate") {
          const chunks: Buffer[] = [];
          up.on("data", (c: Buffer) => chunks.push(c));
          up.on("end", () => {
            const body = Buffer.concat(chunks);
            res.writeHead(up.statusCode ?? 502, { ...up.headers, "content-length": String(body.length) });
            res.write(body.subarray(0, Math.floor(body.length / 2)));
            setTimeout(() => res.socket?.destroy(), 5);
          });
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  }
}
