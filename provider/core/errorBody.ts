/** Pure: the error body of any API in front of IMS (IMS, Keystone/IAM, Glance, the API gateway) -> {code, message, requestId}. */
import { z } from "zod";

/**
 * Error bodies seen in the wild, all folded into {code, message, requestId}:
 *   IMS:       {"error": {"code": "IMG.0001", "message": "..."}}
 *   Keystone:  {"error": {"code": 401, "message": "...", "title": "Unauthorized"}}
 *   Glance:    {"message": "...<br /><br />", "code": "400 Bad Request", "title": "Bad Request"}
 *   API gateway: {"error_code": "APIGW.0301", "error_msg": "...", "request_id": "..."}
 */
const codeValue = z.union([z.string(), z.number()]).transform(String);
const errorBodySchema = z.union([
  z
    .looseObject({ error: z.looseObject({ code: codeValue.optional(), message: z.string().optional() }) })
    .transform((b) => ({ code: b.error.code, message: b.error.message, requestId: undefined })),
  z
    .looseObject({ error_code: codeValue, error_msg: z.string().optional(), request_id: z.string().optional() })
    .transform((b) => ({ code: b.error_code, message: b.error_msg, requestId: b.request_id })),
  z
    .looseObject({ message: z.string(), code: codeValue.optional() })
    .transform((b) => ({ code: b.code, message: b.message, requestId: undefined })),
]);

export interface ParsedErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly requestId?: string;
}

/** Glance pads messages with HTML line breaks; keep only the words. */
function cleanMessage(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const cleaned = message
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned.length > 500 ? `${cleaned.slice(0, 500)}...` : cleaned || undefined;
}

/** The JSON a body holds, or undefined when it is not JSON (the caller's schema then says what was wrong). */
export function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Best effort: an unreadable error body yields {} and the caller falls back to the status text. */
export function parseErrorBody(text: string): ParsedErrorBody {
  // Not JSON (undefined) fails the schema as well.
  const parsed = errorBodySchema.safeParse(jsonOf(text));
  if (!parsed.success) return {};
  return { code: parsed.data.code, message: cleanMessage(parsed.data.message), requestId: parsed.data.requestId };
}
