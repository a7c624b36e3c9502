/**
 * An ECS instance whose boot image pulumi-ims picks and records. Open Telekom Cloud's and
 * Huawei Cloud's ECS speak the OpenStack compute API, so @pulumi/openstack defines it.
 *
 *   pulumi config set ims:region eu-de
 *   pulumi config set ims:projectId <project id>
 *   pulumi config set ims:accessKey <AK>
 *   pulumi config set --secret ims:secretKey <SK>
 *   pulumi config set networkId <id of the subnet's network>   # plus the openstack:* provider settings
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import * as ims from "pulumi-ims";

const config = new pulumi.Config();

// The recorded choice: pinned by default, so a new image reaches the stack only
// through `pulumi refresh` (which shows it as drift) or a change of filters.
// The flavor and the image must agree on the architecture: s3 (general computing) flavors are x86;
// an ARM image (an arm flavor such as kc1) would not boot on them.
const flavor = config.get("flavor") ?? "s3.large.2";
const boot = new ims.ImageSelection("boot-image", {
  platform: config.get("platform") ?? "Ubuntu",
  nameRegex: config.get("nameRegex") ?? "^Ubuntu 22\\.04",
  imageType: "gold",
  architecture: config.get("architecture") === "arm" ? "arm" : "x86",
  supports: { kvm: true },
  followLatest: config.getBoolean("followLatest") ?? false,
});

// The system disk: the size asked for, but never smaller than the image's min_disk,
// which ECS would refuse.
const systemDiskGb = boot.imageMinDisk.apply((minDisk) => Math.max(minDisk, config.getNumber("systemDiskGb") ?? 40));

const server = new openstack.compute.Instance("web-1", {
  flavorName: flavor,
  networks: [{ uuid: config.require("networkId") }],
  blockDevices: [
    {
      sourceType: "image",
      uuid: boot.imageId,
      destinationType: "volume",
      volumeSize: systemDiskGb,
      bootIndex: 0,
      deleteOnTermination: true,
    },
  ],
});

export const serverId = server.id;
export const imageId = boot.imageId;
export const imageName = boot.imageName;
export const driftDetected = boot.driftDetected;

// A plain lookup (no record): re-evaluated on every preview and up.
export const newestWindows = ims.getImageOutput({ osType: "Windows", imageType: "gold", architecture: "x86" }).name;
