import type { ApiTarget } from "../../provider/core/filters";
import type { RawImage } from "../../provider/core/imsSchema";
import {
  parseGetImageArgs,
  parseGetImagesArgs,
  type GetImageArgsInput,
  type GetImagesArgsInput,
} from "../../provider/lookup/args";
import { hasLocalFilters, matchesLocal, planLookup } from "../../provider/lookup/plan";
import { imageQueryPairs } from "../../provider/core/query";
import { encodePairs } from "../../provider/core/queryString";

function plan(args: GetImageArgsInput) {
  const p = planLookup(parseGetImageArgs({ anyOwner: true, ...args }));
  return {
    query: encodePairs(imageQueryPairs(p.server)),
    local: p.localDescription,
    isLocal: hasLocalFilters(p.local),
  };
}

describe("planLookup()", () => {
  // Every argument: where it goes and how it is spelled on the wire.
  const serverSide: Array<[GetImageArgsInput, string]> = [
    [{ id: "abc" }, "id=abc"],
    [{ name: "CentOS 7.3 64bit" }, "name=CentOS%207.3%2064bit"],
    [{ name: "k8s-node:v1.28 20240110" }, "name=eq:k8s-node:v1.28%2020240110"],
    [{ platform: "Ubuntu" }, "__platform=Ubuntu"],
    [{ osType: "Windows" }, "__os_type=Windows"],
    [{ osBit: 32 }, "__os_bit=32"],
    [{ osVersion: "Ubuntu 22.04 server 64bit" }, "__os_version=Ubuntu%2022.04%20server%2064bit"],
    [{ imageType: "shared" }, "__imagetype=shared"],
    [{ visibility: "private" }, "visibility=private"],
    [{ owner: "p1" }, "owner=p1"],
    [{ status: "queued" }, "status=queued"],
    [{ memberStatus: "pending", visibility: "shared" }, "visibility=shared&member_status=pending"],
    [{ protected: true }, "protected=true"],
    [{ isRegistered: true }, "__isregistered=true"],
    [{ containerFormat: "bare" }, "container_format=bare"],
    [{ diskFormat: "qcow2" }, "disk_format=qcow2"],
    [{ minDisk: 40 }, "min_disk=40"],
    [{ minRam: 2048 }, "min_ram=2048"],
    [{ tag: "x86" }, "tag=x86"],
    [{ tags: ["x86"] }, "tag=x86"],
    [{ virtualEnvType: "Ironic" }, "virtual_env_type=Ironic"],
    [{ supports: { kvm: true, kvmGpuType: "V100" } }, "__support_kvm=true&__support_kvm_gpu_type=V100"],
    [{ createdAt: "gte:2020-01-01T00:00:00Z" }, "created_at=gte:2020-01-01T00:00:00Z"],
    [{ updatedAt: { lt: "2020-01-01T00:00:00Z" } }, "updated_at=lt:2020-01-01T00:00:00Z"],
    [{ properties: { hw_firmware_type: "uefi" } }, "hw_firmware_type=uefi"],
  ];
  it.each(serverSide)("should send %j to IMS", (args, query) => {
    const p = plan(args);
    expect(p.isLocal).toBe(false);
    // status=active and virtual_env_type=FusionCompute are the defaults unless the case sets them
    expect(p.query.split("&").sort()).toEqual(
      [
        ...query.split("&"),
        ...(args.status ? [] : ["status=active"]),
        ...(args.virtualEnvType ? [] : ["virtual_env_type=FusionCompute"]),
      ].sort(),
    );
  });

  it.each([
    [{ nameRegex: "^Ubuntu" }, ["nameRegex=/^Ubuntu/"]],
    [{ architecture: "arm" }, ['architecture="arm"']],
    [{ tag: "x86", tags: ["gold", "team-1"] }, ['tag="gold"', 'tag="team-1"']],
    [
      { createdAt: { gte: "2020-01-01T00:00:00Z", lt: "2021-01-01T00:00:00Z" } },
      ["createdAt=gte:2020-01-01T00:00:00Z"],
    ],
  ] as Array<[GetImageArgsInput, string[]]>)("should apply %j locally", (args, local) => {
    const p = plan(args);
    expect(p.isLocal).toBe(true);
    expect(p.local).toEqual(local);
  });

  it("should send the upper bound of a range, since IMS sorts newest first", () => {
    expect(plan({ createdAt: { gt: "2020-01-01T00:00:00Z", lt: "2021-01-01T00:00:00Z" } }).query).toBe(
      "status=active&virtual_env_type=FusionCompute&created_at=lt:2021-01-01T00:00:00Z",
    );
  });

  // IMS and Glance store created_at with microseconds and show whole seconds; a filter means the shown time.
  it.each([
    ["lte:2021-01-01T00:00:00Z", "created_at=lt:2021-01-01T00:00:01Z", []],
    ["gt:2021-01-01T00:00:00Z", "created_at=gte:2021-01-01T00:00:01Z", []],
    ["gte:2021-01-01T00:00:00Z", "created_at=gte:2021-01-01T00:00:00Z", []],
    ["lt:2021-01-01T08:00:00%2B08:00", "created_at=lt:2021-01-01T08:00:00%2B08:00", []],
    ["eq:2021-01-01T00:00:00Z", "created_at=gte:2021-01-01T00:00:00Z", ["createdAt=eq:2021-01-01T00:00:00Z"]],
    ["neq:2021-01-01T00:00:00Z", "", ["createdAt=neq:2021-01-01T00:00:00Z"]],
    ["lt:2021-01-01T00:00:00.5Z", "created_at=lt:2021-01-01T00:00:01Z", []],
  ])("should send %s as the condition on stored times that means the shown time", (condition, sent, local) => {
    const p = plan({ createdAt: decodeURIComponent(condition) });
    expect(p.query).toBe(["status=active&virtual_env_type=FusionCompute", sent].filter(Boolean).join("&"));
    expect(p.local).toEqual(local);
  });

  it("should default to active ECS system-disk images, and take any kind when asked", () => {
    expect(plan({}).query).toBe("status=active&virtual_env_type=FusionCompute");
    expect(plan({ virtualEnvType: "any" }).query).toBe("status=active");
    expect(plan({ virtualEnvType: "DataImage" }).query).toBe("status=active&virtual_env_type=DataImage");
  });

  it("should not send a repeated tag twice", () => {
    expect(plan({ tag: "x86", tags: ["x86"] })).toEqual({
      query: "status=active&virtual_env_type=FusionCompute&tag=x86",
      local: [],
      isLocal: false,
    });
  });

  it.each([
    [{ nameRegex: "([" }, /nameRegex: is not a valid regular expression: .* \(given "\(\["\)/],
    [{ architecture: "mips" }, /architecture: must be one of x86, arm \(given "mips"\)/],
    [{ mostRecent: "yes" }, /mostRecent: must be true or false \(given "yes"\)/],
    [{ createdAt: { after: "2020-01-01" } }, /unknown argument\(s\) "after"/],
    [{ createdAt: {} }, /createdAt: needs at least one of gt, gte, lt, lte, eq, neq/],
  ])("should reject %j before any request", (args, message) => {
    expect(() => parseGetImageArgs({ anyOwner: true, ...args })).toThrow(message);
  });
});

/** A plan for one API and cloud: what is sent, what is checked here, and whether an image passes. */
function planFor(args: GetImagesArgsInput, target: ApiTarget) {
  const p = planLookup(parseGetImagesArgs(args), target);
  const sent = encodePairs(imageQueryPairs(p.server))
    .split("&")
    .filter((pair) => !/^(status=active|virtual_env_type=FusionCompute)$/.test(pair));
  return {
    sent,
    local: p.localDescription,
    passes: (image: Partial<RawImage>) => matchesLocal(image as RawImage, p.local),
  };
}

const NATIVE_API: ApiTarget = { api: "native" };
const HUAWEI_EXTENSION: ApiTarget = { api: "extension", cloud: "huaweicloud" };
const OTC_EXTENSION: ApiTarget = { api: "extension", cloud: "opentelekomcloud" };

describe("planLookup() per API and cloud", () => {
  it("imageType market: sent only to Huawei Cloud's extension API, which documents it; checked on each image elsewhere", () => {
    expect(planFor({ imageType: "market" }, HUAWEI_EXTENSION)).toMatchObject({
      sent: ["__imagetype=market"],
      local: [],
    });
    for (const target of [NATIVE_API, OTC_EXTENSION]) {
      const p = planFor({ imageType: "market" }, target);
      expect({ target, sent: p.sent, local: p.local }).toEqual({ target, sent: [], local: ['imageType="market"'] });
      expect(p.passes({ __imagetype: "market" })).toBe(true);
      expect(p.passes({ __imagetype: "gold" })).toBe(false);
      expect(p.passes({})).toBe(false);
    }
    expect(planFor({ imageType: "gold" }, OTC_EXTENSION)).toMatchObject({ sent: ["__imagetype=gold"], local: [] });
  });

  it("architecture: sent to Huawei Cloud's extension API; checked on each image on Open Telekom Cloud's, which does not document it", () => {
    expect(planFor({ architecture: "arm" }, HUAWEI_EXTENSION)).toMatchObject({ sent: ["architecture=arm"], local: [] });
    const p = planFor({ architecture: "arm" }, OTC_EXTENSION);
    expect({ sent: p.sent, local: p.local }).toEqual({ sent: [], local: ['architecture="arm"'] });
    expect(p.passes({ architecture: "aarch64" })).toBe(true);
    expect(p.passes({ architecture: "x86_64" })).toBe(false);
  });

  it("isRegistered false: refused by the extension API, which lists registered images only, and sent to the native one", () => {
    expect(() => planFor({ isRegistered: false }, HUAWEI_EXTENSION)).toThrow(
      /isRegistered: the extension API lists registered images only \(isRegistered: true\) \(given "false"\)/,
    );
    expect(planFor({ isRegistered: true }, HUAWEI_EXTENSION).sent).toEqual(["__isregistered=true"]);
    expect(planFor({ isRegistered: false }, NATIVE_API).sent).toEqual(["__isregistered=false"]);
  });

  it("supports on the extension API: every flag sent, the undocumented ones checked on each image as well, each of them", () => {
    const p = planFor({ supports: { kvm: true, fcInject: true, amd: true } }, HUAWEI_EXTENSION);
    expect(p.sent).toEqual(["__support_kvm=true", "__support_fc_inject=true", "__support_amd=true"]);
    expect(p.local).toEqual(['supports.fcInject="true"', 'supports.amd="true"']);
    expect(p.passes({ __support_fc_inject: "true", __support_amd: "true" })).toBe(true);
    expect(p.passes({ __support_fc_inject: "true", __support_amd: "false" })).toBe(false);
    expect(p.passes({ __support_fc_inject: true, __support_amd: true } as unknown as Partial<RawImage>)).toBe(true);
    expect(p.passes({})).toBe(false);
  });

  it("properties: sent in key order; on the extension API, which documents none, every one checked on each image too", () => {
    expect(planFor({ properties: { z_key: "1", a_key: "2" } }, NATIVE_API).sent).toEqual(["a_key=2", "z_key=1"]);
    const p = planFor({ properties: { z_key: "1", a_key: "2" } }, HUAWEI_EXTENSION);
    expect(p.sent).toEqual(["a_key=2", "z_key=1"]);
    expect(p.local).toEqual(['properties.z_key="1"', 'properties.a_key="2"']);
    expect(p.passes({ z_key: "1", a_key: "2" })).toBe(true);
    expect(p.passes({ z_key: "1", a_key: "3" })).toBe(false);
  });

  it("a property key that IMS reads as a range (_min, _max at the end) is refused; one that only contains it is not", () => {
    expect(() => planFor({ properties: { size_min: "1" } }, NATIVE_API)).toThrow(/"size_min" ends in _min\/_max/);
    expect(() => planFor({ properties: { size_max: "1" } }, NATIVE_API)).toThrow(/"size_max" ends in _min\/_max/);
    expect(planFor({ properties: { x_minimal: "1", hw_max_cpus: "2" } }, NATIVE_API).sent).toEqual([
      "hw_max_cpus=2",
      "x_minimal=1",
    ]);
  });

  it("enterpriseProjectId: sent to the extension API; on the native one, each image's own (empty or absent: the default, 0)", () => {
    expect(planFor({ enterpriseProjectId: "0" }, HUAWEI_EXTENSION).sent).toEqual(["enterprise_project_id=0"]);
    const defaultProject = planFor({ enterpriseProjectId: "0" }, NATIVE_API);
    expect(defaultProject.sent).toEqual([]);
    expect(
      [{}, { enterprise_project_id: "" }, { enterprise_project_id: "0" }, { enterprise_project_id: "ep-1" }].map(
        (image) => defaultProject.passes(image as Partial<RawImage>),
      ),
    ).toEqual([true, true, true, false]);
    const one = planFor({ enterpriseProjectId: "ep-1" }, NATIVE_API);
    expect([{}, { enterprise_project_id: "ep-1" }].map((i) => one.passes(i as Partial<RawImage>))).toEqual([
      false,
      true,
    ]);
    const any = planFor({ enterpriseProjectId: "all_granted_eps" }, NATIVE_API);
    expect([{}, { enterprise_project_id: "ep-1" }].map((i) => any.passes(i as Partial<RawImage>))).toEqual([
      true,
      true,
    ]);
  });

  it("sortKey updated_at: refused by the extension API only", () => {
    expect(() => planFor({ sortKey: "updated_at" }, HUAWEI_EXTENSION)).toThrow(
      /sortKey: updated_at is not a sort key of the extension API/,
    );
    expect(planFor({ sortKey: "updated_at" }, NATIVE_API).sent).toEqual([]);
    expect(planFor({ sortKey: "name" }, HUAWEI_EXTENSION).sent).toEqual([]);
  });

  it("a single tag is named in messages as tag=", () => {
    expect(planFor({ tag: "x86", tags: ["gold"] }, NATIVE_API).local).toEqual(['tag="gold"']);
    expect(planLookup(parseGetImageArgs({ anyOwner: true, tag: "x86" })).serverDescription).toContain('tag="x86"');
  });
});
