/** Pure: an IMS image (snake_case, `__` strings) -> the camelCase, typed result of getImage. */
import type { RawImage } from "../core/imsSchema";
import { architectureOf } from "../core/select";
import type { ImageResult } from "./imageResult";

const EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";
const str = (v: string | null | undefined) => (v === null || v === undefined || v === "" ? undefined : v);
const bool = (v: string | null | undefined) =>
  v === null || v === undefined || v === "" ? undefined : v.toLowerCase() === "true";
const num = (v: string | number | null | undefined) => {
  if (v === null || v === undefined || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

export function toImageResult(raw: RawImage): ImageResult {
  return {
    id: raw.id,
    name: raw.name ?? "",
    status: raw.status ?? "",
    visibility: raw.visibility ?? "",
    protected: raw.protected ?? false,
    owner: str(raw.owner),
    tags: [...(raw.tags ?? [])],
    createdAt: raw.created_at,
    updatedAt: str(raw.updated_at),
    activeAt: str(raw.active_at),
    containerFormat: str(raw.container_format),
    diskFormat: str(raw.disk_format),
    minDisk: raw.min_disk ?? 0,
    minRam: raw.min_ram ?? 0,
    maxRam: num(raw.max_ram),
    // IMS documents size and checksum as unavailable: it sends 0 and the MD5 of nothing.
    size: raw.size ? raw.size : undefined,
    virtualSize: raw.virtual_size ?? undefined,
    checksum: raw.checksum === EMPTY_MD5 ? undefined : str(raw.checksum),
    self: str(raw.self),
    file: str(raw.file),
    schema: str(raw.schema),
    virtualEnvType: str(raw.virtual_env_type),
    hwFirmwareType: str(raw.hw_firmware_type),
    hwVifMultiqueueEnabled: bool(raw.hw_vif_multiqueue_enabled),
    enterpriseProjectId: str(raw.enterprise_project_id),
    platform: str(raw.__platform),
    osType: str(raw.__os_type),
    osBit: num(raw.__os_bit),
    osVersion: str(raw.__os_version),
    imageType: str(raw.__imagetype),
    isRegistered: bool(raw.__isregistered),
    imageSize: num(raw.__image_size),
    imageSourceType: str(raw.__image_source_type),
    imageLocation: str(raw.__image_location),
    description: str(raw.__description),
    dataOrigin: str(raw.__data_origin),
    originalImageName: str(raw.__originalimagename),
    backupId: str(raw.__backup_id),
    lazyLoading: bool(raw.__lazyloading),
    isConfigInit: bool(raw.__is_config_init),
    osFeatureList: str(raw.__os_feature_list),
    rootOrigin: str(raw.__root_origin),
    sequenceNum: str(raw.__sequence_num),
    systemCmkId: str(raw.__system__cmkid),
    architecture: architectureOf(raw),
    supports: {
      kvm: bool(raw.__support_kvm) ?? false,
      xen: bool(raw.__support_xen) ?? false,
      largeMemory: bool(raw.__support_largememory) ?? false,
      diskIntensive: bool(raw.__support_diskintensive) ?? false,
      highPerformance: bool(raw.__support_highperformance) ?? false,
      xenHana: bool(raw.__support_xen_hana) ?? false,
      kvmInfiniband: bool(raw.__support_kvm_infiniband) ?? false,
      amd: bool(raw.__support_amd) ?? false,
      xenGpuType: str(raw.__support_xen_gpu_type),
      kvmGpuType: str(raw.__support_kvm_gpu_type),
      fcInject: bool(raw.__support_fc_inject) ?? false,
    },
    raw: { ...raw },
  };
}
