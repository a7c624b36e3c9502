/**
 * Servers that echo what they were sent: no error pulumi-ims raises may show a password, token or
 * secret key in any form (as is, URL-encoded, JSON-escaped, HTML-escaped), in its message, its
 * properties (JSON.stringify) or its inspected form (util.inspect, with causes).
 */
import { createServer, type Server } from "node:http";
import { inspect } from "node:util";
import { getImage, ImsError } from "../../sdk";
import { resetClients } from "../../provider/connection/clients";
import { closeAllPools } from "../../provider/transport/http";

const PASSWORD = `pa"ss\\wörd 1+2&x`;
const TOKEN = "tok-3f9a'echo+me";
const SECRET_KEY = "sk/9+Zq=\"secret\"";
const USERINFO_PASSWORD = "hunter2-userinfo";

/** The forms a server or a serializer may turn a secret into, computed here without the code under test. */
function forms(secret: string): string[] {
  const html = secret.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  return [secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, "+"), JSON.stringify(secret).slice(1, -1), html];
}

let echo: Server;
let url: string;

beforeAll(async () => {
  echo = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      // What was sent, first (messages are cut at 500 characters), in several encodings.
      const headers = JSON.stringify({ token: req.headers["x-auth-token"], authorization: req.headers.authorization });
      const said = `you sent ${body} ${encodeURIComponent(body)} ${body.replace(/"/g, "&quot;")} ${headers}`;
      if (req.url?.startsWith("/v3/auth/tokens")) {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: { code: 401, message: said } }));
      } else {
        res.statusCode = req.url?.includes("id=") ? 503 : 400;
        res.end(JSON.stringify({ message: said, code: "400 Bad Request" }));
      }
    });
  });
  await new Promise<void>((r) => echo.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(echo.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((r) => echo.close(r));
  await closeAllPools();
});
beforeEach(() => resetClients());

async function errorOf(p: Promise<unknown>): Promise<ImsError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(ImsError.isInstance(e)).toBe(true);
  return e as ImsError;
}

function expectNoSecret(e: ImsError): void {
  const texts = [e.message, JSON.stringify(e), inspect(e, { depth: 6 })];
  for (const secret of [PASSWORD, TOKEN, SECRET_KEY, USERINFO_PASSWORD]) {
    for (const form of forms(secret)) for (const text of texts) expect(text).not.toContain(form);
  }
}

describe("secrets in errors", () => {
  it.each([
    // connections are built when the test runs, once the echo server has its port
    ["a token echoed in a 400", () => ({ endpoint: url, token: TOKEN })],
    ["a password echoed by IAM/Keystone", () => ({ endpoint: url, authUrl: `${url}/v3`, username: "u", password: PASSWORD, userDomainName: "d" })],
    ["an AK/SK signature echoed in a 400", () => ({ endpoint: url, accessKey: "AKEXAMPLE", secretKey: SECRET_KEY, projectId: "p" })],
    ["credentials in an endpoint's user info", () => ({ endpoint: `http://admin:${USERINFO_PASSWORD}@127.0.0.1:${new URL(url).port}`, token: TOKEN })],
    ["credentials in an invalid endpoint", () => ({ endpoint: `ftp://admin:${USERINFO_PASSWORD}@example.invalid`, token: TOKEN })],
  ])("should not show %s", async (_, connection) => {
    expectNoSecret(await errorOf(getImage({ platform: "Ubuntu" }, { connection: connection() })));
  });

  it("should not show a token echoed in a retried 503", async () => {
    const e = await errorOf(getImage({ id: "x" }, { connection: { endpoint: url, token: TOKEN, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } } }));
    expect(e.code).toBe("IMS_RETRY_EXHAUSTED");
    expectNoSecret(e);
  });
});
