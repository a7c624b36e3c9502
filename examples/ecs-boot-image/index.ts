/**
 * Picks a boot image for an ECS definition and exports its id.
 *
 *   pulumi config set ims:region eu-de
 *   pulumi config set ims:projectId <project id>
 *   pulumi config set ims:accessKey <AK>
 *   pulumi config set --secret ims:secretKey <SK>
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import * as ims from "pulumi-ims";

const config = new pulumi.Config();
const platform = config.get("platform") ?? "Ubuntu";
const nameRegex = config.get("nameRegex") ?? "^Ubuntu 22\\.04";

// The recorded choice: pinned by default, so a new image reaches the stack only
// through `pulumi refresh` (which shows it as drift) or a change of filters.
const boot = new ims.ImageSelection("boot-image", {
  platform,
  nameRegex,
  imageType: "gold",
  supports: { kvm: true },
  followLatest: config.getBoolean("followLatest") ?? false,
});

// What an ECS resource of your cloud provider package takes: the recorded image id
// and a system disk at least as large as the image needs.
export const ecsDefinition = {
  name: "web-1",
  flavor: "s3.large.2",
  imageId: boot.imageId,
  systemDisk: { type: "SSD", size: boot.imageMinDisk.apply((gb) => Math.max(gb, 40)) },
};

export const imageId = boot.imageId;
export const imageName = boot.imageName;
export const driftDetected = boot.driftDetected;

// A plain lookup (no record): re-evaluated on every preview and up.
export const newestWindows = ims.getImageOutput({ osType: "Windows", imageType: "gold" }).name;
