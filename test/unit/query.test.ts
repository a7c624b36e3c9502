import { ImsValidationError } from "../../provider/core/errors";
import { imageDetailPath } from "../../provider/core/query";
import type { GetImagesArgsInput } from "../../provider/lookup/args";
import { pageQueryString } from "../helpers/pageQuery";

/** The query of one page, without the defaults a case does not set (status=active, virtual_env_type=FusionCompute). */
function sent(query: GetImagesArgsInput & { marker?: string }): string {
  const { marker, ...args } = query;
  return pageQueryString(args, { marker })
    .split("&")
    .filter(
      (pair) =>
        !(pair === "status=active" && args.status === undefined) &&
        !(pair === "virtual_env_type=FusionCompute" && args.virtualEnvType === undefined),
    )
    .join("&");
}

describe("the query of a page (the plan's encoding)", () => {
  const cases: Array<[string, GetImagesArgsInput & { marker?: string }, string]> = [
    ["nothing", {}, ""],
    // the seed's "Public images" common query
    [
      "public images",
      { imageType: "gold", visibility: "public", protected: true },
      "__imagetype=gold&protected=true&visibility=public",
    ],
    [
      "shared images",
      { memberStatus: "accepted", visibility: "shared", imageType: "shared" },
      "__imagetype=shared&visibility=shared&member_status=accepted",
    ],
    ["private images", { owner: "0605767c6c80d5a92f54c0101e9f3e23" }, "owner=0605767c6c80d5a92f54c0101e9f3e23"],
    [
      "every scalar filter",
      {
        isRegistered: true,
        imageType: "gold",
        protected: false,
        visibility: "public",
        owner: "o",
        id: "i",
        status: "active",
        name: "CentOS 7.3 64bit",
        containerFormat: "bare",
        diskFormat: "zvhd2",
        minRam: 0,
        minDisk: 40,
        osBit: 64,
        platform: "Red Hat",
        osType: "Linux",
        osVersion: "CentOS 7.3 64bit",
        virtualEnvType: "FusionCompute",
        memberStatus: "pending",
      },
      "__isregistered=true&__imagetype=gold&protected=false&visibility=public&owner=o&id=i&status=active&name=CentOS%207.3%2064bit" +
        "&container_format=bare&disk_format=zvhd2&min_ram=0&min_disk=40&__os_bit=64&__platform=Red%20Hat&__os_type=Linux" +
        "&__os_version=CentOS%207.3%2064bit&virtual_env_type=FusionCompute&member_status=pending",
    ],
    // IMS documents one tag per query: the plan sends the first (plan.test.ts: the rest are checked locally)
    ["one tag", { tags: ["x86"] }, "tag=x86"],
    // Glance reads "<op>:<value>" in these keys; eq: keeps a colon in the value exact (verified on Glance Zed)
    ["a name with a colon", { name: "k8s-node:v1.28" }, "name=eq:k8s-node:v1.28"],
    [
      "formats with a colon",
      { containerFormat: "a:b", diskFormat: "c:d", id: "e:f" },
      "id=eq:e:f&container_format=eq:a:b&disk_format=eq:c:d",
    ],
    [
      "other keys keep their colons",
      { platform: "a:b", owner: "o:p", tags: ["t:u"] },
      "owner=o:p&__platform=a:b&tag=t:u",
    ],
    [
      "support flags",
      {
        supports: {
          kvm: true,
          xen: true,
          largeMemory: true,
          diskIntensive: true,
          highPerformance: true,
          xenGpuType: "M60",
          kvmGpuType: "V100",
          xenHana: true,
          kvmInfiniband: true,
        },
      },
      "__support_kvm=true&__support_xen=true&__support_largememory=true&__support_diskintensive=true&__support_highperformance=true" +
        "&__support_xen_gpu_type=M60&__support_kvm_gpu_type=V100&__support_xen_hana=true&__support_kvm_infiniband=true",
    ],
    // the seed's example: created_at=lt:2018-10-28T10:00:00Z
    ["time operator as text", { createdAt: "lt:2018-10-28T10:00:00Z" }, "created_at=lt:2018-10-28T10:00:00Z"],
    [
      "time operator as object",
      { updatedAt: { gte: new Date("2020-01-02T03:04:05.678Z") } },
      // As the string gte:2020-01-02T03:04:05.678Z: an image shown at 03:04:05 is not at or after 05.678.
      "updated_at=gte:2020-01-02T03:04:06Z",
    ],
    ["a space in the time", { createdAt: "lt:2018-10-28 10:00:00" }, "created_at=lt:2018-10-28%2010:00:00"],
    // IMS decodes an unencoded + as a space and answers 400
    [
      "offsets keep their + encoded",
      { createdAt: "lt:2018-10-28T10:00:00+08:00" },
      "created_at=lt:2018-10-28T10:00:00%2B08:00",
    ],
    [
      "properties, sorted by key",
      { properties: { hw_firmware_type: "uefi", __lazyloading: "true" } },
      "__lazyloading=true&hw_firmware_type=uefi",
    ],
    [
      "sort, limit and marker last",
      { sortKey: "created_at", sortDir: "desc", limit: 1, marker: "m", platform: "Ubuntu" },
      "__platform=Ubuntu&sort_key=created_at&sort_dir=desc&limit=1&marker=m",
    ],
  ];
  it.each(cases)("should build %s", (_, query, expected) => {
    expect(sent(query)).toBe(expected);
  });

  const invalid: Array<[string, unknown, string]> = [
    [
      "an unknown image type",
      { imageType: "golden" },
      'imageType: must be one of gold, private, shared, market (given "golden")',
    ],
    [
      "an unknown visibility",
      { visibility: "everyone" },
      'visibility: must be one of public, private, shared (given "everyone")',
    ],
    ["a limit over 1000", { limit: 5000 }, "limit: a page holds at most 1000 images (given 5000)"],
    ["a zero limit", { limit: 0 }, "limit: must be at least 1 (given 0)"],
    ["a fractional limit", { limit: 1.5 }, "limit: must be a whole number (given 1.5)"],
    ["a bad os bit", { osBit: 16 }, "osBit: must be 32 or 64 (given 16)"],
    // IMS would read it as eq (that second alone); the user almost always meant a bound.
    [
      "a time without an operator",
      { createdAt: "2018-10-28 10:00:00" },
      'createdAt: needs an operator, as "op:time": gte:2018-10-28 10:00:00 (since), lt:2018-10-28 10:00:00 (before)',
    ],
    [
      "a bad time",
      { createdAt: "lt:yesterday" },
      'createdAt: must be "op:time" with a UTC time like lt:2018-10-28T10:00:00Z (given "lt:yesterday")',
    ],
    // Date.parse would roll these over; IMS (Glance) refuses them
    [
      "February 30th",
      { createdAt: "lt:2024-02-30T00:00:00Z" },
      'createdAt: must be "op:time" with a UTC time like lt:2018-10-28T10:00:00Z (given "lt:2024-02-30T00:00:00Z")',
    ],
    [
      "February 29th of a common year",
      { updatedAt: { gte: "2023-02-29T00:00:00Z" } },
      "updatedAt.gte: must be a UTC time",
    ],
    ["hour 24", { createdAt: "lt:2024-01-01T24:00:00Z" }, 'createdAt: must be "op:time"'],
    [
      "a bad operator",
      { createdAt: "before:2018-10-28T10:00:00Z" },
      'createdAt: operator must be one of gt, gte, lt, lte, eq, neq (given "before:2018-10-28T10:00:00Z")',
    ],
    [
      "a *_max property",
      { properties: { __os_bit_max: "64" } },
      'properties.__os_bit_max: "__os_bit_max" ends in _min/_max, which IMS reads as a range and rejects with HTTP 500',
    ],
    [
      "a reserved key as property",
      { properties: { name: "x" } },
      'properties.name: "name" is a query parameter, not a property: use its own argument',
    ],
    [
      "a non-string property value",
      { properties: { __platform: 5 } },
      "properties.__platform: property values are strings (given 5)",
    ],
    ["an unknown argument", { platfrom: "Ubuntu" }, 'unknown argument(s) "platfrom"'],
    ["an unknown support flag", { supports: { gpu: true } }, 'supports: unknown argument(s) "gpu"'],
    ["an empty name", { name: "" }, "name: must not be empty"],
    [
      "an unknown sort key",
      { sortKey: "__platform" },
      'sortKey: must be one of name, container_format, disk_format, status, id, size, created_at, updated_at (given "__platform")',
    ],
  ];
  it.each(invalid)("should reject %s with a clear message", (_, query, message) => {
    let error: unknown;
    try {
      sent(query as GetImagesArgsInput);
    } catch (e) {
      error = e;
    }
    expect(ImsValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });

  it("should report every problem at once", () => {
    try {
      sent({ limit: 0, visibility: "x" as never });
      throw new Error("no error");
    } catch (e) {
      expect((e as ImsValidationError).issues.map((i) => i.property).sort()).toEqual(["limit", "visibility"]);
    }
  });
});

describe("imageDetailPath()", () => {
  it("should build the seed's path", () => {
    expect(imageDetailPath("33ad552d-1149-471c-8190-ff6776174a00")).toBe(
      "/v2/images/33ad552d-1149-471c-8190-ff6776174a00",
    );
  });
  it.each(["../x", "a/b", "a?b=c", "", " "])("should refuse %j", (id) => {
    expect(() => imageDetailPath(id)).toThrow(/imageId: must be an image id/);
  });
});
