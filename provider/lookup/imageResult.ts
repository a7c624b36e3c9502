/**
 * The result of getImage: an IMS image in camelCase, typed. Declared without zod, so the
 * package's public types compile in any consumer project; result.ts builds it from a raw image.
 */
export interface ImageSupports {
  readonly kvm: boolean;
  readonly xen: boolean;
  readonly largeMemory: boolean;
  readonly diskIntensive: boolean;
  readonly highPerformance: boolean;
  readonly xenHana: boolean;
  readonly kvmInfiniband: boolean;
  readonly amd: boolean;
  /** GPU type on Xen / KVM (e.g. "V100"), when the image supports GPU ECSs. */
  readonly xenGpuType?: string;
  readonly kvmGpuType?: string;
  /** `__support_fc_inject`: true means Cloud-Init password/key injection is NOT supported. */
  readonly fcInject: boolean;
}

export interface ImageResult {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly visibility: string;
  readonly protected: boolean;
  readonly owner?: string;
  readonly tags: readonly string[];
  readonly createdAt: string;
  readonly updatedAt?: string;
  readonly activeAt?: string;
  readonly containerFormat?: string;
  readonly diskFormat?: string;
  /** GB */
  readonly minDisk: number;
  /** MB */
  readonly minRam: number;
  /** MB, from the string IMS sends. */
  readonly maxRam?: number;
  readonly size?: number;
  readonly virtualSize?: number;
  readonly checksum?: string;
  readonly self?: string;
  readonly file?: string;
  readonly schema?: string;
  readonly virtualEnvType?: string;
  readonly hwFirmwareType?: string;
  readonly hwVifMultiqueueEnabled?: boolean;
  readonly enterpriseProjectId?: string;
  readonly platform?: string;
  readonly osType?: string;
  /** 32 or 64 */
  readonly osBit?: number;
  readonly osVersion?: string;
  readonly imageType?: string;
  readonly isRegistered?: boolean;
  /** Bytes, from `__image_size`. */
  readonly imageSize?: number;
  readonly imageSourceType?: string;
  readonly imageLocation?: string;
  readonly description?: string;
  readonly dataOrigin?: string;
  readonly originalImageName?: string;
  readonly backupId?: string;
  readonly lazyLoading?: boolean;
  readonly isConfigInit?: boolean;
  readonly osFeatureList?: string;
  readonly rootOrigin?: string;
  readonly sequenceNum?: string;
  readonly systemCmkId?: string;
  readonly architecture: "x86" | "arm";
  readonly supports: ImageSupports;
  /** Every field exactly as IMS sent it, including ones this version does not know. */
  readonly properties: Readonly<Record<string, unknown>>;
}
