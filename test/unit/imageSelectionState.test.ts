import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import {
  changedProperties,
  checkedInputs,
  containsUnknown,
  inputFailures,
  sameFilters,
  selectionOutputs,
} from "../../provider/dynamicProvider/state";
import { filtersOfState } from "../../provider/lookup/selectionState";
import { toImageResult } from "../../provider/lookup/toImageResult";
import { makeImage } from "../../provider/localServer/catalog";

const image = (id: string, name: string) =>
  toImageResult(
    makeImage({
      id,
      created_at: "2026-01-01T00:00:00Z",
      name,
      min_disk: 40,
      __platform: "Ubuntu",
      __os_version: "Ubuntu 22.04 server 64bit",
    }).json as never,
  );

describe("containsUnknown()", () => {
  it.each([
    [{ platform: unknownValue }, true],
    [{ supports: { kvm: unknownValue } }, true],
    [{ tags: ["a", unknownValue] }, true],
    [{ platform: "Ubuntu", tags: ["a"], supports: { kvm: true } }, false],
  ])("should find Pulumi's unknown sentinel in %j: %s", (props, expected) => {
    expect(containsUnknown(props)).toBe(expected);
  });
});

describe("filtersOfState() / sameFilters()", () => {
  it("should keep only filter arguments, dropping nulls", () => {
    expect(
      filtersOfState({ platform: "Ubuntu", name: null, imageId: "x", followLatest: true, __provider: "p" }),
    ).toEqual({
      platform: "Ubuntu",
    });
  });

  it.each([
    [
      { platform: "Ubuntu", supports: { kvm: true, xen: true } },
      { supports: { xen: true, kvm: true }, platform: "Ubuntu" },
      true,
    ],
    [{ platform: "Ubuntu", name: null }, { platform: "Ubuntu" }, true],
    [{ platform: "Ubuntu" }, { platform: "Debian" }, false],
    [{ tags: ["a", "b"] }, { tags: ["b", "a"] }, false],
  ])("should compare %j and %j regardless of key order: %s", (a, b, expected) => {
    expect(sameFilters(a, b)).toBe(expected);
  });
});

describe("changedProperties()", () => {
  const olds = { platform: "Ubuntu", imageId: "i-1", followLatest: false };
  it.each([
    [{ platform: "Ubuntu", imageId: "i-1", followLatest: false }, []],
    [{ platform: "Ubuntu", imageId: "i-2", followLatest: false }, ["imageId"]],
    [{ platform: "Debian", imageId: "i-1", followLatest: false }, ["platform"]],
    [{ platform: "Ubuntu", imageId: "i-1", followLatest: true }, ["followLatest"]],
  ])("should list what changed in %j", (news, expected) => {
    expect(changedProperties(olds, news)).toEqual(expected);
  });
});

describe("checkedInputs() / selectionOutputs()", () => {
  it("should pin the image id next to the filters", () => {
    expect(checkedInputs({ platform: "Ubuntu", followLatest: true, imageId: "old", junk: 1 }, "new")).toEqual({
      platform: "Ubuntu",
      followLatest: true,
      imageId: "new",
    });
  });

  it("should output the recorded image's details under image* names, and the drift", () => {
    const recorded = image("11111111-0000-4000-8000-000000000001", "Ubuntu 22.04 (old)");
    const latest = image("11111111-0000-4000-8000-000000000002", "Ubuntu 22.04 (new)");
    expect(
      selectionOutputs(
        { platform: "Ubuntu", imageId: recorded.id },
        recorded,
        latest,
        { detected: true, reason: "newerImage", filtersKey: '{"platform":"Ubuntu"}' },
        null,
      ),
    ).toEqual({
      platform: "Ubuntu",
      imageId: recorded.id,
      imageName: "Ubuntu 22.04 (old)",
      imageCreatedAt: "2026-01-01T00:00:00Z",
      imagePlatform: "Ubuntu",
      imageOsVersion: "Ubuntu 22.04 server 64bit",
      imageMinDisk: 40,
      imageMinRam: 1024,
      latestImageId: latest.id,
      driftDetected: true,
      driftReason: "newerImage",
      filtersKey: '{"platform":"Ubuntu"}',
      previousImageId: null,
    });
  });
});

describe("inputFailures()", () => {
  it.each([
    ["a good selection", { platform: "Ubuntu", imageType: "gold", followLatest: true, maxAgeDays: 30 }, []],
    ["Pulumi's own properties", { platform: "Ubuntu", __provider: "exports.handler = ..." }, []],
    [
      "a negative age",
      { maxAgeDays: -1 },
      [{ property: "maxAgeDays", reason: "must be a whole number of days, 0 or more (given -1)" }],
    ],
    [
      "a fractional age",
      { maxAgeDays: 1.5 },
      [{ property: "maxAgeDays", reason: "must be a whole number of days, 0 or more (given 1.5)" }],
    ],
    [
      "a flag that is not a boolean",
      { followLatest: "yes" },
      [{ property: "followLatest", reason: 'must be true or false (given "yes")' }],
    ],
    // The same cap as getImage's, from the same schema.
    [
      "more than 1000 denied ids",
      { denyImageIds: Array.from({ length: 1001 }, (_, i) => `id-${i}`) },
      [{ property: "denyImageIds", reason: "at most 1000 image ids" }],
    ],
    [
      "a filter and an option at once",
      { imageType: "golden", anyOwner: "no" },
      [
        { property: "imageType", reason: 'must be one of gold, private, shared, market (given "golden")' },
        { property: "anyOwner", reason: 'must be true or false (given "no")' },
      ],
    ],
  ])("should judge %s", (_, news, failures) => {
    expect(inputFailures(news)).toEqual(failures);
  });
});
