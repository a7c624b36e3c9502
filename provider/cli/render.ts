/** How ims-image prints images for people. */
import type { ImageResult } from "../lookup/imageResult";

export function summaryRow(i: ImageResult): string[] {
  return [i.id, i.name, i.createdAt, i.platform ?? "", i.imageType ?? i.visibility];
}

export function describeImage(i: ImageResult): string {
  const rows: Array<[string, string | number | undefined]> = [
    ["id", i.id], ["name", i.name], ["created", i.createdAt], ["updated", i.updatedAt], ["status", i.status],
    ["platform", i.platform], ["os version", i.osVersion], ["os type", i.osType], ["os bit", i.osBit], ["architecture", i.architecture],
    ["image type", i.imageType], ["visibility", i.visibility], ["owner", i.owner], ["min disk (GB)", i.minDisk], ["min ram (MB)", i.minRam],
    ["image size (bytes)", i.imageSize], ["disk format", i.diskFormat], ["firmware", i.hwFirmwareType], ["tags", i.tags.join(", ")],
    ["supports", Object.entries(i.supports).filter(([, v]) => v).map(([k, v]) => (v === true ? k : `${k}=${v}`)).join(", ")],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

