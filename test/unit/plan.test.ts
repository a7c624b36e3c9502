import { parseGetImageArgs, type GetImageArgsInput } from "../../provider/lookup/args";
import { hasLocalFilters, planLookup } from "../../provider/lookup/plan";
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
