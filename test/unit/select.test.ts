import type { RawImage } from "../../provider/core/imsSchema";
import { architectureOf, closestNames, editDistance, hasAllTags, regexText } from "../../provider/core/select";
import { parseGetImageArgs } from "../../provider/lookup/args";
import { matchesLocal, planLookup } from "../../provider/lookup/plan";
import { toImageResult } from "../../provider/lookup/toImageResult";

const image = (id: string, created_at: string, extra: Partial<RawImage> = {}): RawImage => ({
  id,
  created_at,
  ...extra,
});

describe("local criteria", () => {
  const img = image("x", "2020-06-01T00:00:00Z", {
    name: "Ubuntu 22.04 server 64bit",
    tags: ["x86", "gold"],
    updated_at: "2020-07-01T00:00:00Z",
  });
  // What IMS did not apply: the local part of each plan (the first tag and one time condition are sent).
  it.each([
    [{ nameRegex: "^Ubuntu 22\\.04" }, true],
    [{ nameRegex: "^ubuntu" }, false],
    [{ tags: ["x86", "gold"] }, true],
    [{ tags: ["x86", "arm"] }, false],
    [{ createdAt: { lt: "2030-01-01T00:00:00Z", gte: "2020-06-01T00:00:00Z" } }, true],
    [{ createdAt: { lt: "2030-01-01T00:00:00Z", gt: "2020-06-01T00:00:00Z" } }, false],
    [{ updatedAt: { lt: "2030-01-01T00:00:00Z", neq: "2020-07-01T00:00:00Z" } }, false],
    // Two tags and two time conditions left to check here: each must hold, not one of them.
    [{ tags: ["x86", "gold", "arm"] }, false],
    [{ createdAt: { gte: "2020-01-01T00:00:00Z", lt: "2030-01-01T00:00:00Z", neq: "2020-06-01T00:00:00Z" } }, false],
    [{ createdAt: { gte: "2020-01-01T00:00:00Z", lt: "2030-01-01T00:00:00Z", lte: "2020-06-01T00:00:00Z" } }, true],
    [{ nameRegex: "server 64bit$" }, true],
    [{ architecture: "arm" }, false],
    [{ architecture: "x86" }, true],
  ] as const)("should evaluate %j as %s", (args, expected) => {
    const { local } = planLookup(parseGetImageArgs({ anyOwner: true, ...args }));
    expect(local.length).toBeGreaterThan(0);
    expect(matchesLocal(img, local)).toBe(expected);
  });
  it("should need every tag", () => expect(hasAllTags(image("x", "2020-01-01T00:00:00Z"), ["a"])).toBe(false));
  it("should read the architecture from the data", () => {
    expect(architectureOf(image("x", "t", { architecture: "aarch64" }))).toBe("arm");
    expect(architectureOf(image("x", "t", { __support_arm: "true" }))).toBe("arm");
    expect(architectureOf(image("x", "t"))).toBe("x86");
    // An empty architecture says nothing: __support_arm decides.
    expect(architectureOf(image("x", "t", { architecture: "", __support_arm: "true" }))).toBe("arm");
    // Nor does one that is not text (IMS's fields are untyped extras): it is not read as a name.
    expect(architectureOf(image("x", "t", { architecture: 64, __support_arm: "true" }))).toBe("arm");
  });
  it.each([
    ["x86_64", "x86"],
    ["AMD64", "x86"],
    ["i686", "x86"],
    ["arm64", "arm"],
    ["aarch64", "arm"],
    // not x86 and not 64-bit ARM: passed through, never reported as x86
    ["armv7l", "armv7l"],
    ["ppc64le", "ppc64le"],
    ["s390x", "s390x"],
  ])("should read architecture %s as %s", (declared, expected) => {
    expect(architectureOf(image("x", "t", { architecture: declared }))).toBe(expected);
  });
});

describe("closestNames()", () => {
  it("should rank by edit distance", () => {
    expect(
      closestNames(
        ["CentOS 7.9 64bit", "Ubuntu 22.04 server 64bit", "Ubuntu 20.04 server 64bit"],
        "Ubuntu 22.04 server",
        2,
      ),
    ).toEqual(["Ubuntu 22.04 server 64bit", "Ubuntu 20.04 server 64bit"]);
  });
  it("should prefer, among equally close heads, the same case, then the closer whole name, then name order", () => {
    expect(closestNames(["Ubuntu", "ubuntu 22.04 server"], "ubuntu", 1)).toEqual(["ubuntu 22.04 server"]);
    expect(closestNames(["Ubuntu 22.04 server 64bit", "Ubuntu 22.04 server"], "Ubuntu 22.04 server", 1)).toEqual([
      "Ubuntu 22.04 server",
    ]);
    expect(closestNames(["Debian b", "Debian a"], "Debian", 2)).toEqual(["Debian a", "Debian b"]);
    expect(closestNames(["a", "a", "b"], "a")).toEqual(["a", "b"]);
  });
  it.each([
    ["^Ubuntu 22\\.04", "Ubuntu 22.04"],
    ["^Ubuntu.*server$", "Ubuntu server"],
    ["^Debian 12.", "Debian 12"],
    ["CentOS 7.9", "CentOS 7.9"],
    ["(Ubuntu|Debian) [0-9]+", "UbuntuDebian 0-9"],
  ])("should read the regex %s as the text %j", (source, text) => {
    expect(regexText(source)).toBe(text);
  });
});

describe("editDistance()", () => {
  // Levenshtein's usual examples.
  it.each([
    ["kitten", "sitting", 3],
    ["flaw", "lawn", 2],
    ["", "abc", 3],
    ["abc", "", 3],
    ["same", "same", 0],
    ["abc", "abd", 1],
    ["abcd", "abc", 1],
  ])("%s -> %s: %d", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("toImageResult()", () => {
  it("should type the seed example's fields and keep raw properties", () => {
    const r = toImageResult({
      id: "bc6bed6e-ba3a-4447-afcc-449174a3eb52",
      created_at: "2018-09-06T14:03:27Z",
      name: "CentOS 7.3 64bit vivado",
      min_disk: 100,
      min_ram: 2048,
      __os_bit: "64",
      __isregistered: "true",
      __image_size: "2147483648",
      __lazyloading: "True",
      __support_kvm: "true",
      __support_kvm_gpu_type: "V100",
      max_ram: "65536",
      protected: true,
      tags: [],
      __platform: "CentOS",
      hw_firmware_type: "bios",
      __future_field: "kept",
    });
    expect(r).toMatchObject({
      id: "bc6bed6e-ba3a-4447-afcc-449174a3eb52",
      minDisk: 100,
      minRam: 2048,
      osBit: 64,
      isRegistered: true,
      imageSize: 2147483648,
      lazyLoading: true,
      maxRam: 65536,
      platform: "CentOS",
      hwFirmwareType: "bios",
      architecture: "x86",
      supports: { kvm: true, xen: false, kvmGpuType: "V100" },
    });
    expect(r.raw.__future_field).toBe("kept");
    // the seed's size 0 and checksum (the MD5 of nothing) are "unavailable": unknown, not zero
    const seed = toImageResult({
      id: "x",
      created_at: "2018-09-06T14:03:27Z",
      size: 0,
      checksum: "d41d8cd98f00b204e9800998ecf8427e",
      __image_size: "42",
    });
    expect([seed.size, seed.checksum, seed.imageSize]).toEqual([undefined, undefined, 42]);
    expect(r.raw.__image_size).toBe("2147483648");
  });
});
