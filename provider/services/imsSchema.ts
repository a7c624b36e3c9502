/**
 * zod schemas for what IMS sends back. Fields we depend on (id, created_at) are
 * required; every documented field is typed; unknown fields, including vendor
 * `__` fields IMS adds over time, are kept as they came (looseObject).
 */
import { z } from "zod";

const optionalString = z.string().nullish();
const optionalInt = z.number().int().nullish();

/** One image, as in querying-image-details.rst "Response parameters". */
export const imageSchema = z.looseObject({
  id: z.string().min(1),
  name: optionalString,
  status: optionalString,
  visibility: optionalString,
  protected: z.boolean().nullish(),
  owner: optionalString,
  tags: z.array(z.string()).nullish(),
  created_at: z.string().min(1),
  updated_at: optionalString,
  active_at: optionalString,
  container_format: optionalString,
  disk_format: optionalString,
  min_disk: optionalInt,
  min_ram: optionalInt,
  // documented as a String, unlike min_ram
  max_ram: z.union([z.string(), z.number()]).nullish(),
  size: z.number().nullish(),
  virtual_size: z.number().nullish(),
  checksum: optionalString,
  self: optionalString,
  file: optionalString,
  schema: optionalString,
  virtual_env_type: optionalString,
  hw_firmware_type: optionalString,
  hw_vif_multiqueue_enabled: optionalString,
  enterprise_project_id: optionalString,
  __platform: optionalString,
  __os_type: optionalString,
  __os_bit: optionalString,
  __os_version: optionalString,
  __imagetype: optionalString,
  __isregistered: optionalString,
  __image_size: optionalString,
  __image_source_type: optionalString,
  __image_location: optionalString,
  __description: optionalString,
  __data_origin: optionalString,
  __originalimagename: optionalString,
  __backup_id: optionalString,
  __lazyloading: optionalString,
  __is_config_init: optionalString,
  __os_feature_list: optionalString,
  __root_origin: optionalString,
  __sequence_num: optionalString,
  __system__cmkid: optionalString,
  __support_kvm: optionalString,
  __support_xen: optionalString,
  __support_largememory: optionalString,
  __support_diskintensive: optionalString,
  __support_highperformance: optionalString,
  __support_xen_gpu_type: optionalString,
  __support_kvm_gpu_type: optionalString,
  __support_xen_hana: optionalString,
  __support_kvm_infiniband: optionalString,
  __support_fc_inject: optionalString,
  __support_amd: optionalString,
});
export type RawImage = z.infer<typeof imageSchema>;

/** One page of GET /v2/images. `next` is absent on the last page. */
export const imagePageSchema = z.looseObject({
  images: z.array(imageSchema),
  next: z.string().nullish(),
  first: z.string().nullish(),
  schema: z.string().nullish(),
});
export type ImagePage = z.infer<typeof imagePageSchema>;

/**
 * Error bodies seen in the wild, all folded into {code, message, requestId}:
 *   IMS:       {"error": {"code": "IMG.0001", "message": "..."}}
 *   Keystone:  {"error": {"code": 401, "message": "...", "title": "Unauthorized"}}
 *   Glance:    {"message": "...<br /><br />", "code": "400 Bad Request", "title": "Bad Request"}
 *   API gateway: {"error_code": "APIGW.0301", "error_msg": "...", "request_id": "..."}
 */
const codeValue = z.union([z.string(), z.number()]).transform(String);
const errorBodySchema = z.union([
  z.looseObject({ error: z.looseObject({ code: codeValue.optional(), message: z.string().optional() }) }).transform((b) => ({ code: b.error.code, message: b.error.message, requestId: undefined })),
  z.looseObject({ error_code: codeValue, error_msg: z.string().optional(), request_id: z.string().optional() }).transform((b) => ({ code: b.error_code, message: b.error_msg, requestId: b.request_id })),
  z.looseObject({ message: z.string(), code: codeValue.optional() }).transform((b) => ({ code: b.code, message: b.message, requestId: undefined })),
]);

export interface ParsedErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly requestId?: string;
}

/** Glance pads messages with HTML line breaks; keep only the words. */
function cleanMessage(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const cleaned = message.replace(/<br\s*\/?>/gi, " ").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
  return cleaned.length > 500 ? `${cleaned.slice(0, 500)}...` : cleaned || undefined;
}

/** Best effort: an unreadable error body yields {} and the caller falls back to the status text. */
export function parseErrorBody(text: string): ParsedErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return {};
  return { code: parsed.data.code, message: cleanMessage(parsed.data.message), requestId: parsed.data.requestId };
}

/** First lines of a zod error, for ImsBadResponseError messages. */
export function summarizeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join(".") : "(body)"}: ${i.message}`)
    .join("; ");
}
