/**
 * Scrubbing of secrets (passwords, secret keys, tokens) before text reaches an
 * error, a log line or Pulumi state. Settings register every secret they resolve,
 * so text that was built from a server reply or a URL is cleaned too.
 */

const knownSecrets = new Set<string>();

/** Secrets shorter than this are not scrubbed: replacing "a" everywhere would garble text. */
const MIN_SECRET_LENGTH = 4;

const REDACTED = "[REDACTED]";

export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= MIN_SECRET_LENGTH) knownSecrets.add(value);
}

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

/** Every way a secret may come back in a message: as is, URL-encoded (also with + for spaces), JSON-escaped, HTML-escaped. */
function formsOf(secret: string): Set<string> {
  const encoded = encodeURIComponent(secret);
  return new Set([
    secret,
    encoded,
    encoded.replace(/%20/g, "+"),
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!),
  ]);
}

// scheme://user:password@host: credentials in a URL, registered or not.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;

/** Replaces every registered secret, in every form, and URL user info in `text`. */
export function redactText(text: string): string {
  let out = text.replace(URL_USERINFO, `$1${REDACTED}@`);
  for (const secret of knownSecrets) {
    for (const form of formsOf(secret)) {
      if (form.length >= MIN_SECRET_LENGTH && out.includes(form)) out = out.split(form).join(REDACTED);
    }
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
  if (parsed.username || parsed.password) {
    parsed.username = "";
    parsed.password = "";
  }
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_KEYS.test(key)) parsed.searchParams.set(key, REDACTED);
  }
  return redactText(parsed.toString());
}
