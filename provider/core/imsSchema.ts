/**
 * zod schemas for what IMS sends back. Fields we depend on (id, created_at) are
 * required; every documented field is typed; unknown fields, including vendor
 * `__` fields IMS adds over time, are kept as they came (looseObject).
 */
import { z } from "zod";

const optionalString = z.string().nullish();
const optionalInt = z.number().int().nullish();
/**
 * Vendor `__` fields are documented as strings ("true", "64"), but SDKs model some as booleans or
 * numbers (Open Telekom Cloud's Python SDK sends `"__lazyloading": true`): any of the three is read
 * as its text, so one such image never fails a page.
 */
const vendorText = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((v) => (typeof v === "string" ? v : String(v)))
  .nullish();

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
  __platform: vendorText,
  __os_type: vendorText,
  __os_bit: vendorText,
  __os_version: vendorText,
  __imagetype: vendorText,
  __isregistered: vendorText,
  __image_size: vendorText,
  __image_source_type: vendorText,
  __image_location: vendorText,
  __description: vendorText,
  __data_origin: vendorText,
  __originalimagename: vendorText,
  __backup_id: vendorText,
  __lazyloading: vendorText,
  __is_config_init: vendorText,
  __os_feature_list: vendorText,
  __root_origin: vendorText,
  __sequence_num: vendorText,
  __system__cmkid: vendorText,
  __support_kvm: vendorText,
  __support_xen: vendorText,
  __support_largememory: vendorText,
  __support_diskintensive: vendorText,
  __support_highperformance: vendorText,
  __support_xen_gpu_type: vendorText,
  __support_kvm_gpu_type: vendorText,
  __support_xen_hana: vendorText,
  __support_kvm_infiniband: vendorText,
  __support_fc_inject: vendorText,
  __support_amd: vendorText,
});
export type RawImage = z.infer<typeof imageSchema>;

/**
 * One page of GET /v2/images (or GET /v2/cloudimages, which has `images` only), its images not yet read: each is read on its own (readPageImages),
 * so one image that cannot be read is skipped rather than failing the page. `next` is absent on the last page.
 */
export const imagePageSchema = z.looseObject({
  images: z.array(z.unknown()),
  next: z.string().nullish(),
  first: z.string().nullish(),
  schema: z.string().nullish(),
});

export interface ImagePage {
  readonly images: RawImage[];
  readonly next?: string | null;
  /** Id of the page's last item, read or skipped: the extension API's next marker. */
  readonly lastId?: string;
  /** Images of this page that could not be read: which, and why. */
  readonly skipped: ReadonlyArray<{ readonly id?: string; readonly name?: string; readonly problem: string }>;
  /** Size of the response body it was read from, for cache bounds. */
  readonly bytes: number;
}

/** Reads each image of a page; an unreadable one is listed in `skipped`, never fatal for the others. */
export function readPageImages(page: z.output<typeof imagePageSchema>, bytes = 0): ImagePage {
  const images: RawImage[] = [];
  const skipped: Array<{ id?: string; name?: string; problem: string }> = [];
  for (const item of page.images) {
    const parsed = imageSchema.safeParse(item);
    if (parsed.success) {
      images.push(parsed.data);
      continue;
    }
    const raw = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    skipped.push({
      id: typeof raw.id === "string" ? raw.id : undefined,
      name: typeof raw.name === "string" ? raw.name : undefined,
      problem: parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".") || "(image)"}: ${i.message}`)
        .join("; "),
    });
  }
  const last = page.images.at(-1) as { id?: unknown } | undefined;
  return { images, next: page.next, lastId: typeof last?.id === "string" ? last.id : undefined, skipped, bytes };
}
