/**
 * The values IMS accepts and pulumi-ims offers, as plain constants: no zod here, so the
 * public types derived from them (sdk/types.ts) compile in any consumer project, whatever
 * its tsconfig (zod's declarations need esModuleInterop or skipLibCheck).
 */
/** `market` (KooGallery / Marketplace) exists on Huawei Cloud only. */
export const IMAGE_TYPES = ["gold", "private", "shared", "market"] as const;
export const VISIBILITIES = ["public", "private", "shared"] as const;
export const STATUSES = ["queued", "saving", "deleted", "killed", "active"] as const;
export const MEMBER_STATUSES = ["accepted", "rejected", "pending"] as const;
export const OS_TYPES = ["Linux", "Windows", "Other"] as const;
export const OS_BITS = ["32", "64"] as const;
export const SORT_KEYS = [
  "name",
  "container_format",
  "disk_format",
  "status",
  "id",
  "size",
  "created_at",
  "updated_at",
] as const;
export const SORT_DIRS = ["asc", "desc"] as const;
export const ARCHITECTURES = ["x86", "arm"] as const;
export const TIME_OPERATORS = ["gt", "gte", "lt", "lte", "eq", "neq"] as const;
export const CLOUDS = ["huaweicloud", "opentelekomcloud"] as const;
/** The list API: `native` is GET /v2/images (the OpenStack one), `extension` is GET /v2/cloudimages. */
export const APIS = ["native", "extension"] as const;

/** The `__support_*` flags IMS filters on, by camelCase name. Values are strings ("true", or a GPU type). */
export const SUPPORT_FLAGS = {
  kvm: "__support_kvm",
  xen: "__support_xen",
  largeMemory: "__support_largememory",
  diskIntensive: "__support_diskintensive",
  highPerformance: "__support_highperformance",
  xenGpuType: "__support_xen_gpu_type",
  kvmGpuType: "__support_kvm_gpu_type",
  xenHana: "__support_xen_hana",
  kvmInfiniband: "__support_kvm_infiniband",
  fcInject: "__support_fc_inject",
  amd: "__support_amd",
} as const;

export type SupportFlag = keyof typeof SUPPORT_FLAGS;

/** The flags the extension API documents as list filters; the others are sent and checked locally as well. */
export const EXTENSION_SUPPORT_FLAGS: readonly SupportFlag[] = [
  "kvm",
  "xen",
  "largeMemory",
  "diskIntensive",
  "highPerformance",
  "xenGpuType",
  "kvmGpuType",
  "xenHana",
  "kvmInfiniband",
];
export type TimeOperator = (typeof TIME_OPERATORS)[number];
export type Cloud = (typeof CLOUDS)[number];
export type Api = (typeof APIS)[number];
export type Architecture = (typeof ARCHITECTURES)[number];
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = (typeof SORT_DIRS)[number];

/** The type Pulumi gives ImageSelection: a dynamic resource of module "ims", type "ImageSelection" (sdk/imageSelection.ts). */
export const SELECTION_TYPE = "pulumi-nodejs:dynamic/ims:ImageSelection";

/** Why a recorded image is no longer the right one, most serious first. */
export const DRIFT_REASONS = [
  "imageDeleted",
  "denied",
  "noLongerMatches",
  "filtersChanged",
  "newerImage",
  "tooOld",
] as const;
export type DriftReason = (typeof DRIFT_REASONS)[number];
