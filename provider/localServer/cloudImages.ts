/**
 * GET /v2/cloudimages, the IMS extension list API, as a pure function of the catalog and the
 * raw query, served from the same catalog as GET /v2/images. What it follows:
 *
 * - Documented (Huawei Cloud's and Open Telekom Cloud's "Querying Images" pages): the `{"images": [...]}`
 *   envelope with no links; `limit` (default 500) and `marker` (an image id; the page starts after it);
 *   registered images only; the documented filters, each an exact match, and `created_at`/`updated_at`
 *   as `<op>:<time>` in `yyyy-MM-ddThh:mm:ssZ` or `yyyy-MM-dd hh:mm:ss`; sort keys without `updated_at`;
 *   Huawei Cloud's `flavor_id` (public images only), `architecture` and `__imagetype=market`;
 *   errors as `{"error": {"message", "code"}}` with IMG codes (IMG.0192 for an unknown flavor).
 * - Assumed, since nothing documents it:
 *   - a parameter the API does not document (`__os_version`, any other property, `__support_amd`,
 *     `__support_fc_inject`) is ignored, the worst case for a client;
 *   - a name or id is compared as given, with no `<operator>:` reading;
 *   - which images fit a flavor follows the table and rules of FLAVORS below.
 */
import { architectureOf } from "../core/select";
import { scalarText } from "../core/scalarText";
import type { StoredImage } from "./catalog";
import { listImages, type ImageCheck, type ListContext } from "./listing";

/** Exact-match filters the extension API documents; sent on to the shared listing as they are. */
const DOCUMENTED_EXACT = [
  "__imagetype",
  "protected",
  "visibility",
  "owner",
  "status",
  "container_format",
  "disk_format",
  "min_ram",
  "min_disk",
  "__os_bit",
  "__platform",
  "__os_type",
  "tag",
  "member_status",
  "virtual_env_type",
  "__system__cmkid",
  "__support_kvm",
  "__support_xen",
  "__support_largememory",
  "__support_diskintensive",
  "__support_highperformance",
  "__support_xen_hana",
  "__support_kvm_infiniband",
  "__support_xen_gpu_type",
  "__support_kvm_gpu_type",
];
/** Compared as given: the shared listing would read `a:b` as an operator. */
const DOCUMENTED_LITERAL = ["id", "name"];
const SORT_KEYS = new Set(["name", "container_format", "disk_format", "status", "id", "size", "created_at"]);
/** yyyy-MM-ddThh:mm:ssZ or yyyy-MM-dd hh:mm:ss, after an operator. */
const DOCUMENTED_TIME = /^(gt|gte|lt|lte|eq|neq):\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z| \d{2}:\d{2}:\d{2})$/;

export const EXTENSION_DEFAULT_LIMIT = 500;

export interface Flavor {
  readonly vcpus: number;
  readonly ramMb: number;
  readonly architecture: "x86" | "arm";
  readonly virtualization: "kvm" | "xen";
  /** A GPU flavor boots only images that declare this GPU type (`__support_kvm_gpu_type`). */
  readonly gpu?: string;
  /** A large-memory flavor boots only images with `__support_largememory`. */
  readonly largeMemory?: boolean;
}

/**
 * The ECS flavors the local server knows, a small sample of Huawei Cloud's naming. Which image fits
 * which flavor is Huawei's own (undocumented) rule; these rules are this server's assumptions:
 * a public image (`__imagetype=gold`) for ECS (`virtual_env_type=FusionCompute`) of the flavor's
 * architecture, supporting its virtualization (`__support_kvm` or `__support_xen`), its GPU type and
 * large memory where the flavor has them, and asking for no more memory (`min_ram`) than it has.
 */
export const FLAVORS: Readonly<Record<string, Flavor>> = {
  "s6.large.2": { vcpus: 2, ramMb: 4096, architecture: "x86", virtualization: "kvm" },
  "c7.large.2": { vcpus: 2, ramMb: 4096, architecture: "x86", virtualization: "kvm" },
  "c7.2xlarge.4": { vcpus: 8, ramMb: 32768, architecture: "x86", virtualization: "kvm" },
  "kc1.large.2": { vcpus: 2, ramMb: 4096, architecture: "arm", virtualization: "kvm" },
  "s3.small.1": { vcpus: 1, ramMb: 1024, architecture: "x86", virtualization: "xen" },
  "p2v.2xlarge.8": { vcpus: 8, ramMb: 65536, architecture: "x86", virtualization: "kvm", gpu: "V100" },
  "e3.7xlarge.12": { vcpus: 28, ramMb: 344064, architecture: "x86", virtualization: "kvm", largeMemory: true },
};

export function fitsFlavor(image: StoredImage, flavor: Flavor): boolean {
  const j = image.json;
  return (
    j.__imagetype === "gold" &&
    j.visibility === "public" &&
    (j.virtual_env_type ?? "FusionCompute") === "FusionCompute" &&
    architectureOf(j as never) === flavor.architecture &&
    j[flavor.virtualization === "kvm" ? "__support_kvm" : "__support_xen"] === "true" &&
    (flavor.gpu === undefined || j.__support_kvm_gpu_type === flavor.gpu) &&
    (!flavor.largeMemory || j.__support_largememory === "true") &&
    Number(j.min_ram ?? 0) <= flavor.ramMb
  );
}

export type CloudImagesResult =
  | { readonly status: 200; readonly body: { images: unknown[] } }
  | { readonly status: 400 | 403 | 500; readonly message: string; readonly code?: string };

const bad = (message: string, code = "IMG.0001"): CloudImagesResult => ({ status: 400, message, code });

export function listCloudImages(
  catalog: readonly StoredImage[],
  params: URLSearchParams,
  ctx: ListContext,
): CloudImagesResult {
  const native = new URLSearchParams();
  const checks: ImageCheck[] = [(image) => image.json.__isregistered === "true"];
  for (const key of DOCUMENTED_EXACT) for (const value of params.getAll(key)) native.append(key, value);
  for (const key of DOCUMENTED_LITERAL) {
    const value = params.get(key);
    if (value !== null) native.set(key, value.includes(":") ? `eq:${value}` : value);
  }
  for (const key of ["created_at", "updated_at"]) {
    const value = params.get(key);
    if (value === null) continue;
    if (!DOCUMENTED_TIME.test(value))
      return bad(`Invalid ${key}: ${value}; use <op>:yyyy-MM-ddThh:mm:ssZ or <op>:yyyy-MM-dd hh:mm:ss`);
    native.set(key, value);
  }
  const isregistered = params.get("__isregistered");
  if (isregistered !== null && isregistered !== "true")
    return bad(`Invalid __isregistered: ${isregistered}; only true is supported`);
  for (const key of params.getAll("sort_key")) if (!SORT_KEYS.has(key)) return bad(`Invalid sort_key: ${key}`);
  for (const key of ["sort_key", "sort_dir", "marker"])
    for (const value of params.getAll(key)) native.append(key, value);
  native.set("limit", params.get("limit") ?? String(EXTENSION_DEFAULT_LIMIT));

  const flavorId = params.get("flavor_id");
  if (flavorId !== null) {
    const flavor = FLAVORS[flavorId];
    if (!flavor) return bad(`The flavor ${flavorId} used to query images is invalid.`, "IMG.0192");
    checks.push((image) => fitsFlavor(image, flavor));
  }
  const architecture = params.get("architecture");
  if (architecture !== null) {
    if (architecture !== "x86" && architecture !== "arm") return bad(`Invalid architecture: ${architecture}`);
    checks.push((image) => architectureOf(image.json as never) === architecture);
  }
  const eps = params.get("enterprise_project_id");
  if (eps !== null && eps !== "all_granted_eps")
    checks.push((image) => (scalarText(image.json.enterprise_project_id) || "0") === eps);
  const whole = params.get("__whole_image");
  if (whole !== null) {
    if (whole !== "true" && whole !== "false") return bad(`Invalid __whole_image: ${whole}`);
    checks.push((image) => (image.wholeImage === true) === (whole === "true"));
  }

  const result = listImages(catalog, native, { ...ctx, maxLimit: Number.MAX_SAFE_INTEGER }, checks);
  if (result.status !== 200) return { status: result.status, message: result.message };
  return { status: 200, body: { images: result.body.images } };
}
