/** Which cloud a region or host belongs to, and a region's public IMS and IAM endpoints. */
import { ImsConfigError } from "../core/errors";
import type { Cloud } from "../core/vocabulary";
import type { CloudDomain } from "../core/connectionOptions";

/** Open Telekom Cloud regions; every other region name is taken as Huawei Cloud's. */
const OTC_HOSTS: Record<string, { ims: string; iam: string }> = {
  "eu-de": { ims: "https://ims.eu-de.otc.t-systems.com", iam: "https://iam.eu-de.otc.t-systems.com/v3" },
  "eu-nl": { ims: "https://ims.eu-nl.otc.t-systems.com", iam: "https://iam.eu-nl.otc.t-systems.com/v3" },
  "eu-ch2": { ims: "https://ims.eu-ch2.sc.otc.t-systems.com", iam: "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3" },
};

const HUAWEI_DOMAIN = "myhuaweicloud.com";
/** Huawei Cloud's Europe site (eu-west-101, Dublin) has its own domain, as its SDKs and Terraform provider say. */
const HUAWEI_EU_DOMAIN = "myhuaweicloud.eu";

/** A cloud setting: the kind of cloud, and for Huawei Cloud the domain its endpoints use. */
export interface CloudChoice {
  readonly cloud: Cloud;
  readonly domain?: string;
}

export function isCloudDomain(value: string): value is CloudDomain {
  return value.includes(".");
}

/** "huaweicloud", "opentelekomcloud" or a Huawei Cloud domain such as "myhuaweicloud.eu". */
export function cloudChoice(setting: Cloud | CloudDomain): CloudChoice {
  return isCloudDomain(setting) ? { cloud: "huaweicloud", domain: setting } : { cloud: setting };
}

/**
 * Open Telekom Cloud's convention (its Terraform provider and SDK follow it): a sub-project is named
 * `<region>_<suffix>`, so `eu-nl_myproject` gives the region eu-nl when none is set.
 */
export function regionOfProjectName(projectName: string | undefined): string | undefined {
  const prefix = projectName?.includes("_") ? projectName.slice(0, projectName.indexOf("_")) : undefined;
  return prefix && /^[a-z]+-[a-z0-9]+(-[a-z0-9]+)*$/.test(prefix) ? prefix : undefined;
}

export function cloudOfRegion(region: string, cloud?: Cloud): Cloud {
  return cloud ?? (region in OTC_HOSTS ? "opentelekomcloud" : "huaweicloud");
}

/** The cloud an endpoint's host belongs to, or undefined (a private or local endpoint). */
export function cloudOfEndpoint(endpoint: string): Cloud | undefined {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return undefined;
  }
  if (/(^|\.)(otc\.t-systems\.com|otc-service\.com)$/.test(host)) return "opentelekomcloud";
  if (/(^|\.)(myhuaweicloud\.(com|eu)|huaweicloud\.com)$/.test(host)) return "huaweicloud";
  return undefined;
}

/** The public IMS and IAM endpoints of a region. */
export function regionEndpoints(region: string, choice?: Cloud | CloudChoice): { ims: string; iam: string } {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(region)) {
    throw new ImsConfigError(`region ${JSON.stringify(region)} is not a region name such as eu-de or ap-southeast-1`);
  }
  const { cloud, domain } =
    typeof choice === "string" || choice === undefined ? { cloud: choice, domain: undefined } : choice;
  if (cloudOfRegion(region, cloud) === "opentelekomcloud") {
    const known = OTC_HOSTS[region];
    if (known) return known;
    return { ims: `https://ims.${region}.otc.t-systems.com`, iam: `https://iam.${region}.otc.t-systems.com/v3` };
  }
  const d = domain ?? (region.startsWith("eu-west-1") ? HUAWEI_EU_DOMAIN : HUAWEI_DOMAIN);
  return { ims: `https://ims.${region}.${d}`, iam: `https://iam.${region}.${d}/v3` };
}
