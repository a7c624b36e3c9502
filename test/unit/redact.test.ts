/**
 * Secrets scrubbed in every form a server or a library may echo them in. The forms come from the
 * encoders themselves: Node's (JSON.stringify, encodeURIComponent, URLSearchParams) and Python's, as
 * Keystone and Glance, which are Python, write them (json.dumps, html.escape, urllib.parse.quote
 * and quote_plus), run in python3.
 */
import { execFileSync } from "node:child_process";
import { redactText, redactUrl, registerSecret } from "../../provider/core/redact";

/** Characters that encoders treat differently: space, quotes, &<>, slash, !*'() ~, non-ASCII, astral, a control character. */
const SECRETS = ["p@ss w\"rd&<x>'/~!*()", "Grüße-Straße 9", "key😀with/emoji", "plainSecretKey123", "tab\tand\u0001"];

const PYTHON_FORMS = `
import html, json, sys, urllib.parse
out = {}
for s in json.load(sys.stdin):
    out[s] = {
        "json.dumps": json.dumps(s)[1:-1],
        "json.dumps ensure_ascii=False": json.dumps(s, ensure_ascii=False)[1:-1],
        "html.escape": html.escape(s),
        "urllib.parse.quote": urllib.parse.quote(s),
        "urllib.parse.quote safe=''": urllib.parse.quote(s, safe=""),
        "urllib.parse.quote_plus": urllib.parse.quote_plus(s),
    }
json.dump(out, sys.stdout)
`;

const python = JSON.parse(
  execFileSync("python3", ["-c", PYTHON_FORMS], { input: JSON.stringify(SECRETS), encoding: "utf8" }),
) as Record<string, Record<string, string>>;

function formsOf(secret: string): Array<[string, string]> {
  return [
    ["as is", secret],
    ["JSON.stringify", JSON.stringify(secret).slice(1, -1)],
    ["encodeURIComponent", encodeURIComponent(secret)],
    ["encodeURIComponent, lower-case hex", encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (p) => p.toLowerCase())],
    ["URLSearchParams", new URLSearchParams({ k: secret }).toString().slice(2)],
    ...Object.entries(python[secret]!),
    // Writers not installed here, by their documented output: Python's with another spelling.
    [
      "System.Text.Json (.NET), upper-case \\u hex",
      python[secret]!["json.dumps"]!.replace(/\\u[0-9a-f]{4}/g, (u) => `\\u${u.slice(2).toUpperCase()}`),
    ],
    ["html.EscapeString (Go)", python[secret]!["html.escape"]!.replace(/&#x27;/g, "&#39;")],
    ["htmlspecialchars ENT_QUOTES (PHP)", python[secret]!["html.escape"]!.replace(/&#x27;/g, "&#039;")],
    ["htmlspecialchars ENT_QUOTES | ENT_HTML5 (PHP)", python[secret]!["html.escape"]!.replace(/&#x27;/g, "&apos;")],
    // PHP's json_encode escapes the slash unless told not to.
    ["json_encode (PHP)", python[secret]!["json.dumps"]!.replace(/\//g, "\\/")],
    [
      "json_encode JSON_UNESCAPED_UNICODE (PHP)",
      python[secret]!["json.dumps ensure_ascii=False"]!.replace(/\//g, "\\/"),
    ],
  ];
}

// Registered by each test, not in beforeAll: a secret's forms are built once, by whichever test
// registers it first, and StrykerJS runs a mutant of that code with that test alone.
const registerAll = () => {
  for (const secret of SECRETS) registerSecret(secret);
};

describe("redactText()", () => {
  it("should scrub every form of every secret", () => {
    registerAll();
    const cases = SECRETS.flatMap((secret) => formsOf(secret).map(([encoder, form]) => ({ encoder, secret, form })));
    const said = (form: string) => `IMS said: {"detail": "bad value ${form} in request"}`;
    expect(cases.map((c) => ({ ...c, out: redactText(said(c.form)) }))).toEqual(
      cases.map((c) => ({ ...c, out: said("[REDACTED]") })),
    );
  });

  it("should scrub every occurrence, and leave text without a secret as it was", () => {
    registerAll();
    expect(redactText("plainSecretKey123 and again plainSecretKey123")).toBe("[REDACTED] and again [REDACTED]");
    expect(redactText("nothing secret here: plainSecret")).toBe("nothing secret here: plainSecret");
  });

  it("should not register secrets shorter than 4 characters, which would garble every text", () => {
    registerSecret("abc");
    registerSecret(undefined);
    expect(redactText("abc abcd")).toBe("abc abcd");
    registerSecret("abcd");
    expect(redactText("abc abcd")).toBe("abc [REDACTED]");
    // Nor in a longer form.
    registerSecret("a/b");
    expect(redactText("a%2Fb a%2fb a\\/b")).toBe("a%2Fb a%2fb a\\/b");
  });

  it("should remove the user info of any URL in the text, registered or not", () => {
    expect(redactText("fetch https://user:hunter2@iam.example/v3 failed")).toBe(
      "fetch https://[REDACTED]@iam.example/v3 failed",
    );
  });
});

describe("redactUrl()", () => {
  it("should drop user info and secret-looking query values, and keep the rest", () => {
    expect(redactUrl("https://u:pw@ims.example/v2/images?limit=5&token=t0k3n-value&X-Auth-Token=abc&name=x")).toBe(
      "https://ims.example/v2/images?limit=5&token=%5BREDACTED%5D&X-Auth-Token=%5BREDACTED%5D&name=x",
    );
    expect(redactUrl("https://u@ims.example/v2")).toBe("https://ims.example/v2");
    expect(redactUrl("https://:pw@ims.example/v2")).toBe("https://ims.example/v2");
  });

  it("should scrub a registered secret from a URL it cannot parse", () => {
    registerAll();
    expect(redactUrl("not a url plainSecretKey123")).toBe("not a url [REDACTED]");
  });
});
