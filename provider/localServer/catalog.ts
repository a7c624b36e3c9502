/**
 * A realistic, deterministic public catalog for the local IMS server: the same
 * seed and count always give the same images. Fields and formats follow the
 * examples of querying-images.rst (ids, `__` strings, created_at without fraction).
 */

/** A stored image: the API's JSON plus fields the server keeps to itself. */
export interface StoredImage {
  /** Exactly what GET /v2/images/{id} returns. */
  readonly json: Record<string, unknown>;
  /** For shared images owned by others: the caller's membership. */
  readonly memberStatus?: "accepted" | "pending" | "rejected";
  readonly hidden?: boolean;
  /**
   * Microseconds of the stored `created_at` (0 when absent). IMS and Glance store them but show
   * whole seconds, and order and filter by the stored time: two images of one second keep an order.
   */
  readonly createdAtMicros?: number;
  /** A full-ECS image (`__whole_image`): a filter of the extension API that no image shows. */
  readonly wholeImage?: boolean;
}

export interface CatalogOptions {
  readonly count?: number;
  readonly seed?: number;
  /** The project that owns private images (the caller's project). */
  readonly projectId?: string;
  /** created_at runs from `from` to `to`. */
  readonly from?: string;
  readonly to?: string;
}

export const PUBLIC_OWNER = "1bed856811654c1cb661a6ca845ebc77";
export const DEFAULT_PROJECT = "c53c1b3f1a6a4a8e9d6bd9b7d3a8b5e1";
/** An enterprise project some generated private images belong to (the others are in the default one, "0"). */
export const ENTERPRISE_PROJECT = "7f3c2a1b-5d4e-4f60-9a8b-1c2d3e4f5a6b";

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

interface Family {
  readonly platform: string;
  readonly osType: "Linux" | "Windows" | "Other";
  readonly versions: readonly string[];
  readonly name: (version: string) => string;
  readonly weight: number;
  readonly arm?: boolean;
}

const FAMILIES: readonly Family[] = [
  {
    platform: "Ubuntu",
    osType: "Linux",
    versions: ["16.04", "18.04", "20.04", "22.04", "24.04"],
    name: (v) => `Ubuntu ${v} server 64bit`,
    weight: 5,
    arm: true,
  },
  { platform: "CentOS", osType: "Linux", versions: ["7.6", "7.9", "8.2"], name: (v) => `CentOS ${v} 64bit`, weight: 3 },
  {
    platform: "EulerOS",
    osType: "Linux",
    versions: ["2.5", "2.9", "2.10"],
    name: (v) => `EulerOS ${v} 64bit`,
    weight: 2,
    arm: true,
  },
  {
    platform: "Debian",
    osType: "Linux",
    versions: ["10.0.0", "11.1.0", "12.0.0"],
    name: (v) => `Debian GNU/Linux ${v} 64bit`,
    weight: 2,
  },
  {
    platform: "Windows",
    osType: "Windows",
    versions: ["2016", "2019", "2022"],
    name: (v) => `Windows Server ${v} Datacenter 64bit English`,
    weight: 2,
  },
  {
    platform: "SUSE",
    osType: "Linux",
    versions: ["12 SP5", "15 SP4"],
    name: (v) => `SUSE Linux Enterprise Server ${v} 64bit`,
    weight: 1,
  },
  { platform: "OpenSUSE", osType: "Linux", versions: ["15.3", "15.5"], name: (v) => `OpenSUSE ${v} 64bit`, weight: 1 },
  {
    platform: "Oracle Linux",
    osType: "Linux",
    versions: ["7.9", "8.6"],
    name: (v) => `Oracle Linux ${v} 64bit`,
    weight: 1,
  },
  { platform: "Fedora", osType: "Linux", versions: ["37", "39"], name: (v) => `Fedora ${v} 64bit`, weight: 1 },
  { platform: "CoreOS", osType: "Linux", versions: ["3374.2"], name: (v) => `CoreOS ${v} 64bit`, weight: 1 },
  { platform: "Other", osType: "Other", versions: ["1.0"], name: (v) => `Appliance ${v}`, weight: 1 },
];

function pickFamily(random: () => number): Family {
  const total = FAMILIES.reduce((s, f) => s + f.weight, 0);
  let r = random() * total;
  for (const f of FAMILIES) {
    r -= f.weight;
    if (r < 0) return f;
  }
  return FAMILIES[0]!;
}

/** Generates `count` images, created evenly (with jitter) between `from` and `to`, oldest first. */
export function generateCatalog(options: CatalogOptions = {}): StoredImage[] {
  const count = options.count ?? 500;
  const random = prng(options.seed ?? 20180906);
  const project = options.projectId ?? DEFAULT_PROJECT;
  const from = Date.parse(options.from ?? "2017-01-01T00:00:00Z");
  const to = Date.parse(options.to ?? "2026-10-01T00:00:00Z");
  const step = count > 1 ? (to - from) / count : 0;
  const images: StoredImage[] = [];
  // Stored times carry microseconds, as real ones do, and about one image in twenty shares its
  // second with the one before (a batch build): the shown time then ties, the stored one does not.
  // A generator of its own, so the rest of a seed's catalog stays as it was.
  const timeRandom = prng((options.seed ?? 20180906) ^ 0x5eed);
  let previous: number | undefined;
  for (let i = 0; i < count; i++) {
    const family = pickFamily(random);
    const drawn = Math.floor(from + i * step + random() * step * 0.5);
    const created = previous !== undefined && timeRandom() < 0.05 ? previous : drawn;
    previous = created;
    const createdAtMicros = Math.floor(timeRandom() * 1_000_000);
    // Extension-API fields, from the same generator of their own: some private images in an
    // enterprise project, some full-ECS images, a few images not (yet) registered.
    const extraRoll = timeRandom();
    const age = (created - from) / (to - from || 1);
    // newer images more often carry newer versions
    const vIndex = Math.min(
      family.versions.length - 1,
      Math.floor((age * 0.7 + random() * 0.3) * family.versions.length),
    );
    const version = family.versions[vIndex]!;
    const kind = random();
    const imageType = kind < 0.7 ? "gold" : kind < 0.9 ? "private" : "shared";
    const arm = family.arm === true && random() < 0.2;
    const id = uuid(random);
    const baseName = family.name(version);
    const stamp = formatTime(created).slice(0, 10).replace(/-/g, "");
    const name =
      imageType === "gold"
        ? random() < 0.5
          ? baseName
          : `${baseName} (${stamp})`
        : imageType === "private"
          ? `${family.platform.toLowerCase().replace(/\s+/g, "-")}-${version.replace(/\s+/g, "")}-web-${stamp}`
          : `${baseName} shared ${stamp}`;
    const updated = created + Math.floor(random() * 3600_000);
    const statusRoll = random();
    const status = statusRoll < 0.02 ? "queued" : statusRoll < 0.03 ? "saving" : "active";
    const kvm = age > 0.3 || random() < 0.5;
    const json: Record<string, unknown> = {
      schema: "/v2/schemas/image",
      min_disk: family.osType === "Windows" ? 40 : 20 + Math.floor(random() * 3) * 20,
      created_at: formatTime(created),
      __image_source_type: "uds",
      container_format: "bare",
      file: `/v2/images/${id}/file`,
      updated_at: formatTime(updated),
      protected: imageType === "gold",
      checksum: "d41d8cd98f00b204e9800998ecf8427e",
      id,
      __isregistered: "true",
      min_ram: family.osType === "Windows" ? 2048 : [0, 1024, 2048][Math.floor(random() * 3)],
      __lazyloading: "true",
      owner:
        imageType === "gold" ? PUBLIC_OWNER : imageType === "private" ? project : "3b7a2b1c9d8e4f5a6b7c8d9e0f1a2b3c",
      __os_type: family.osType,
      __imagetype: imageType,
      visibility: imageType === "gold" ? "public" : imageType,
      virtual_env_type: random() < 0.95 ? "FusionCompute" : "Ironic",
      tags:
        imageType === "gold"
          ? []
          : [arm ? "arm" : "x86", `team-${1 + Math.floor(random() * 3)}`, ...(random() < 0.3 ? ["hardened"] : [])],
      __platform: family.platform,
      size: 0,
      __os_bit: family.platform === "Other" && random() < 0.5 ? "32" : "64",
      __os_version: baseName,
      name,
      self: `/v2/images/${id}`,
      disk_format: "zvhd2",
      virtual_size: null,
      hw_firmware_type: arm || random() < 0.2 ? "uefi" : "bios",
      status,
      __image_size: String(1_000_000_000 + Math.floor(random() * 9_000_000_000)),
      __description: `${baseName} built ${formatTime(created).slice(0, 10)}`,
      architecture: arm ? "arm" : "x86",
      __support_kvm: kvm ? "true" : undefined,
      __support_xen: !kvm ? "true" : undefined,
      __support_arm: arm ? "true" : undefined,
      __support_largememory: random() < 0.15 ? "true" : undefined,
      __support_diskintensive: random() < 0.15 ? "true" : undefined,
      __support_highperformance: random() < 0.1 ? "true" : undefined,
      __support_kvm_gpu_type: kvm && !arm && random() < 0.05 ? "V100" : undefined,
      __support_kvm_infiniband: kvm && random() < 0.03 ? "true" : undefined,
      __os_feature_list: JSON.stringify({ onekey_resetpasswd: "true" }),
      enterprise_project_id: imageType === "private" && extraRoll < 0.3 ? ENTERPRISE_PROJECT : "0",
    };
    if (extraRoll > 0.97) json.__isregistered = "false";
    for (const k of Object.keys(json)) if (json[k] === undefined) delete json[k];
    const memberRoll = random();
    images.push({
      json,
      createdAtMicros,
      wholeImage: imageType === "private" && extraRoll > 0.8 && extraRoll <= 0.97,
      memberStatus:
        imageType === "shared"
          ? memberRoll < 0.6
            ? "accepted"
            : memberRoll < 0.8
              ? "pending"
              : "rejected"
          : undefined,
    });
  }
  return images;
}

/** An image built from a few fields plus seed-doc defaults (tests and fixtures). */
export function makeImage(
  fields: Record<string, unknown> & { id: string; created_at: string },
  extra: Partial<Omit<StoredImage, "json">> = {},
): StoredImage {
  const json: Record<string, unknown> = {
    schema: "/v2/schemas/image",
    min_disk: 40,
    __image_source_type: "uds",
    container_format: "bare",
    file: `/v2/images/${fields.id}/file`,
    updated_at: fields.created_at,
    protected: true,
    checksum: "d41d8cd98f00b204e9800998ecf8427e",
    __isregistered: "true",
    min_ram: 1024,
    __lazyloading: "true",
    owner: PUBLIC_OWNER,
    __os_type: "Linux",
    __imagetype: "gold",
    visibility: "public",
    virtual_env_type: "FusionCompute",
    tags: [],
    __platform: "Ubuntu",
    size: 0,
    __os_bit: "64",
    name: `image-${fields.id.slice(0, 8)}`,
    self: `/v2/images/${fields.id}`,
    disk_format: "zvhd2",
    virtual_size: null,
    status: "active",
    ...fields,
  };
  return { json, ...extra };
}
