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
