/**
 * The result of getImage: an IMS image in camelCase, typed. Declared without zod, so the
 * package's public types compile in any consumer project; toImageResult.ts builds it from a raw image.
 */
import type { Architecture } from "../core/vocabulary";

/** What the image supports, from its `__support_*` fields (absent means false). */
export interface ImageSupports {
  /** `__support_kvm`: boots on KVM ECSs. */
  readonly kvm: boolean;
  /** `__support_xen`: boots on Xen ECSs. */
  readonly xen: boolean;
  /** `__support_largememory`: supports large-memory ECSs. */
  readonly largeMemory: boolean;
  /** `__support_diskintensive`: supports disk-intensive ECSs. */
  readonly diskIntensive: boolean;
  /** `__support_highperformance`: supports high-performance ECSs. */
  readonly highPerformance: boolean;
  /** `__support_xen_hana`: supports HANA ECSs on Xen. */
  readonly xenHana: boolean;
  /** `__support_kvm_infiniband`: supports ECSs with InfiniBand NICs on KVM. */
  readonly kvmInfiniband: boolean;
  /** `__support_amd`: built for AMD x86 ECSs. */
  readonly amd: boolean;
  /** `__support_xen_gpu_type`: the GPU type (e.g. "M60") when the image supports GPU ECSs on Xen. */
  readonly xenGpuType?: string;
  /** `__support_kvm_gpu_type`: the GPU type (e.g. "V100") when the image supports GPU ECSs on KVM. */
  readonly kvmGpuType?: string;
  /** `__support_fc_inject`: true means Cloud-Init password/key injection is NOT supported. */
  readonly fcInject: boolean;
}

/** An IMS image as getImage returns it: each documented field in camelCase, typed, with its IMS name. */
export interface ImageResult {
  /** Image id (`id`): what an ECS definition takes. */
  readonly id: string;
  /** `name`. */
  readonly name: string;
  /** `status`: queued, saving, deleted, killed or active. */
  readonly status: string;
  /** `visibility`: public, private or shared. */
  readonly visibility: string;
  /** `protected`: a protected image cannot be deleted. */
  readonly protected: boolean;
  /** `owner`: the project the image belongs to. */
  readonly owner?: string;
  /** `tags`. */
  readonly tags: readonly string[];
  /** `created_at` (UTC), as IMS shows it: whole seconds, while IMS orders by the stored, finer time. */
  readonly createdAt: string;
  /** `updated_at` (UTC). */
  readonly updatedAt?: string;
  /** `active_at`: when the image became active (UTC). */
  readonly activeAt?: string;
  /** `container_format`, e.g. bare. */
  readonly containerFormat?: string;
  /** `disk_format`: zvhd2, vhd, zvhd, raw or qcow2. */
  readonly diskFormat?: string;
  /** `min_disk`: the smallest system disk (GB) the image boots from; size the ECS's system disk at least this. */
  readonly minDisk: number;
  /** `min_ram`: the memory (MB) the image needs; 0 when it states none. */
  readonly minRam: number;
  /** `max_ram` (MB), read from the string IMS sends. */
  readonly maxRam?: number;
  /** `size` in bytes; undefined (unknown) when IMS sends 0, which it documents as unavailable: see imageSize. */
  readonly size?: number;
  /** `virtual_size`: IMS documents it as unavailable. */
  readonly virtualSize?: number;
  /** `checksum`; undefined (unknown) when IMS sends the MD5 of nothing, as it documents it unavailable. */
  readonly checksum?: string;
  /** `self`: the image's URL path. */
  readonly self?: string;
  /** `file`: the path of the image file. */
  readonly file?: string;
  /** `schema`: the JSON schema path. */
  readonly schema?: string;
  /** `virtual_env_type`: FusionCompute (ECS), Ironic (BMS), DataImage or IsoImage. */
  readonly virtualEnvType?: string;
  /** `hw_firmware_type`: bios or uefi boot. */
  readonly hwFirmwareType?: string;
  /** `hw_vif_multiqueue_enabled`: NIC multi-queue. */
  readonly hwVifMultiqueueEnabled?: boolean;
  /** `enterprise_project_id`. */
  readonly enterpriseProjectId?: string;
  /** `__platform`: Ubuntu, CentOS, EulerOS, Windows, ... */
  readonly platform?: string;
  /** `__os_type`: Linux, Windows or Other. */
  readonly osType?: string;
  /** `__os_bit`: 32 or 64. */
  readonly osBit?: number;
  /** `__os_version`, e.g. "Ubuntu 22.04 server 64bit". */
  readonly osVersion?: string;
  /** `__imagetype`: gold (public), private, shared or market. */
  readonly imageType?: string;
  /** `__isregistered`. */
  readonly isRegistered?: boolean;
  /** `__image_size`: the image file's size in bytes (the real size; `size` is unavailable). */
  readonly imageSize?: number;
  /** `__image_source_type`: the backend storage (uds). */
  readonly imageSourceType?: string;
  /** `__image_location`: where the image is stored. */
  readonly imageLocation?: string;
  /** `__description`. */
  readonly description?: string;
  /** `__data_origin`: what the image was made from. */
  readonly dataOrigin?: string;
  /** `__originalimagename`: the parent image's id. */
  readonly originalImageName?: string;
  /** `__backup_id`: the backup the image was made from, if any. */
  readonly backupId?: string;
  /** `__lazyloading`. */
  readonly lazyLoading?: boolean;
  /** `__is_config_init`: initial configuration done. */
  readonly isConfigInit?: boolean;
  /** `__os_feature_list`: advanced features, a JSON list as text. */
  readonly osFeatureList?: string;
  /** `__root_origin`: `file` when made from an external image file. */
  readonly rootOrigin?: string;
  /** `__sequence_num`: IMS documents it as unavailable. */
  readonly sequenceNum?: string;
  /** `__system__cmkid`: the key that encrypts the image. */
  readonly systemCmkId?: string;
  /**
   * x86 or arm, from the image's `architecture` (x86_64, amd64, aarch64, arm64, ... are read as
   * these two) or else `__support_arm`; any other architecture (armv7l, ppc64le, s390x) as the image gives it.
   */
  readonly architecture: Architecture | (string & {});
  /** The `__support_*` flags. */
  readonly supports: ImageSupports;
  /** Every field exactly as IMS sent it, including ones this version does not know. */
  readonly raw: Readonly<Record<string, unknown>>;
}
