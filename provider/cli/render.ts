/** How ims-image prints images for people. */
import type { ImageResult } from "../lookup/imageResult";

/** Columns of an image list, by ImageResult field. */
export const IMAGE_COLUMNS = ["id", "name", "createdAt", "platform", "imageType"];

/** An image as field/value rows (markdown). */
export function imageFields(i: ImageResult): Array<{ field: string; value: string }> {
  return describeImage(i)
    .split("\n")
    .map((line) => {
      const m = /^(.*?)\s{2,}(.*)$/.exec(line);
      return { field: m ? m[1]!.trim() : line, value: m ? m[2]! : "" };
    });
}

export function describeImage(i: ImageResult): string {
  const rows: Array<[string, string | number | undefined]> = [
    ["id", i.id],
    ["name", i.name],
    ["created", i.createdAt],
    ["updated", i.updatedAt],
    ["status", i.status],
    ["platform", i.platform],
    ["os version", i.osVersion],
    ["os type", i.osType],
    ["os bit", i.osBit],
    ["architecture", i.architecture],
    ["image type", i.imageType],
    ["visibility", i.visibility],
    ["owner", i.owner],
    ["min disk (GB)", i.minDisk],
    ["min ram (MB)", i.minRam],
    ["image size (bytes)", i.imageSize],
    ["disk format", i.diskFormat],
    ["firmware", i.hwFirmwareType],
    ["tags", i.tags.join(", ")],
    [
      "supports",
      Object.entries(i.supports)
        .filter(([, v]) => v)
        .map(([k, v]) => (v === true ? k : `${k}=${v}`))
        .join(", "),
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k.padEnd(width)}  ${v}`)
    .join("\n");
}
