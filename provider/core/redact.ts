/**
 * Scrubbing of secrets (passwords, secret keys, tokens) before text reaches an
 * error, a log line or Pulumi state. Settings register every secret they resolve,
 * so text that was built from a server reply or a URL is cleaned too.
 */

/** Each registered secret, with the forms it may come back in (formsOf), computed once. */
const knownSecrets = new Map<string, readonly string[]>();

/** Secrets shorter than this are not scrubbed: replacing "a" everywhere would garble text. */
const MIN_SECRET_LENGTH = 4;

const REDACTED = "[REDACTED]";

export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= MIN_SECRET_LENGTH && !knownSecrets.has(value))
    knownSecrets.set(
      value,
      [...formsOf(value)].filter((form) => form.length >= MIN_SECRET_LENGTH),
    );
}

/**
 * Percent-encoding (lower-case hex) of each UTF-8 byte of every character that `kept` does not
 * match. Encoders differ in what they keep: RFC 3986's unreserved characters (Python's quote), also
 * !*'() (the WHATWG encodeURIComponent), or *-._ only (HTML forms, URLSearchParams).
 */
function percentEncoded(secret: string, kept: RegExp): string {
  let out = "";
  for (const c of secret) {
    if (kept.test(c)) out += c;
    else for (const byte of Buffer.from(c)) out += `%${byte.toString(16).padStart(2, "0")}`;
  }
  return out;
}

const KEPT_BY_ENCODERS = [/[A-Za-z0-9\-._~]/, /[A-Za-z0-9\-._~/]/, /[A-Za-z0-9\-._~!*'()]/, /[A-Za-z0-9\-._*]/];

/** JSON text of the secret: as JSON.stringify writes it, and ASCII-only (\u00fc) as Python's json.dumps does. */
function jsonForms(secret: string): string[] {
  const plain = JSON.stringify(secret).slice(1, -1);
  const ascii = plain.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  // Some encoders also escape the slash.
  return [plain, ascii, plain.replace(/\//g, "\\/"), ascii.replace(/\//g, "\\/")];
}

/** HTML-escaped, with each of the usual spellings of the apostrophe (Python's, Go's, PHP's, XML's). */
function htmlForms(secret: string): string[] {
  const escaped = secret.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return ["&#x27;", "&#39;", "&#039;", "&apos;"].map((apostrophe) => escaped.replace(/'/g, apostrophe));
}

/**
 * The form with the hex of its escapes in upper case: the case is the encoder's choice (RFC 3986
 * §2.1), and most write %2F; .NET's and Java's JSON writers write \u00FC where Python writes \u00fc.
 */
function withUpperHex(form: string): string {
  return form
    .replace(/%[0-9a-f]{2}/g, (escape) => escape.toUpperCase())
    .replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => `\\u${hex.toUpperCase()}`);
}

/** Every way a secret may come back in a message: as is, percent-encoded (by any common encoder, spaces also as +), JSON-escaped, HTML-escaped; escapes in either case. */
function formsOf(secret: string): Set<string> {
  const encoded = KEPT_BY_ENCODERS.map((kept) => percentEncoded(secret, kept));
  const forms = [
    secret,
    ...encoded,
    ...encoded.map((e) => e.replace(/%20/g, "+")),
    ...jsonForms(secret),
    ...htmlForms(secret),
  ];
  return new Set([...forms, ...forms.map(withUpperHex)]);
}

// scheme://user:password@host: credentials in a URL, registered or not.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;

/** Replaces every registered secret, in every form, and URL user info in `text`. */
export function redactText(text: string): string {
  let out = text.replace(URL_USERINFO, `$1${REDACTED}@`);
  for (const forms of knownSecrets.values()) {
    for (const form of forms) out = out.replaceAll(form, REDACTED);
  }
  return out;
}

const SECRET_QUERY_KEYS = /^(token|x-auth-token|password|secret|secret_?key|sk|signature|access_?token)$/i;

/** A URL fit for an error message: no user info, no secret-looking query values. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(url);
  }
  parsed.username = "";
  parsed.password = "";
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_KEYS.test(key)) parsed.searchParams.set(key, REDACTED);
  }
  return redactText(parsed.toString());
}
