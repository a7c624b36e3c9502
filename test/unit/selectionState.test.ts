/**
 * What an ImageSelection's state says (provider/lookup/selectionState.ts), read as `pulumi-ims drift`
 * reads a stack export. Pulumi's own markers (a secret's signature) come from @pulumi/pulumi.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { filtersOfState, policyOfState, selectionOfState } from "../../provider/lookup/selectionState";

const ID = "0b8c0000-0000-4000-8000-000000000001";

describe("filtersOfState()", () => {
  it("should keep the filters, without absent or null ones or anything else the state holds", () => {
    // toStrictEqual: an absent filter is left out, not kept as undefined.
    expect(
      filtersOfState({
        platform: "Ubuntu",
        imageType: null,
        osVersion: undefined,
        createdAt: { gte: "2026-01-01T00:00:00Z" },
        tags: ["web"],
        imageId: ID,
        filtersKey: "k",
        maxAgeDays: 30,
        name: "Ubuntu 24.04",
      }),
    ).toStrictEqual({
      platform: "Ubuntu",
      createdAt: { gte: "2026-01-01T00:00:00Z" },
      tags: ["web"],
      name: "Ubuntu 24.04",
    });
  });
});

describe("policyOfState()", () => {
  it("should read the policy inputs of their types only", () => {
    expect(policyOfState({ anyOwner: true, maxAgeDays: 30, denyImageIds: ["a", "", 7, null, "b"] })).toEqual({
      anyOwner: true,
      maxAgeDays: 30,
      denyImageIds: ["a", "b"],
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ["absent", {}],
    ["of other types", { anyOwner: "true", maxAgeDays: "30", denyImageIds: "a" }],
    ["false, or lists with no id", { anyOwner: false, denyImageIds: ["", 1] }],
  ])("should leave out policy inputs %s", (_, props) => {
    expect(policyOfState(props)).toEqual({});
  });

  it("should keep maxAgeDays 0", () => {
    expect(policyOfState({ maxAgeDays: 0 })).toEqual({ maxAgeDays: 0 });
  });
});

describe("selectionOfState()", () => {
  it("should give the filters, the recorded image, what it was chosen with, and the policy", () => {
    expect(
      selectionOfState({ imageId: ID, platform: "Ubuntu", filtersKey: "fk-1", denyImageIds: ["x"], anyOwner: true }),
    ).toEqual({
      filters: { platform: "Ubuntu" },
      recordedId: ID,
      chosenWith: "fk-1",
      denyImageIds: ["x"],
      anyOwner: true,
    });
  });

  it("should leave chosenWith out when the state has no filtersKey string (recorded by an older version)", () => {
    expect(selectionOfState({ imageId: ID, platform: "Ubuntu", filtersKey: 3 })).toEqual({
      filters: { platform: "Ubuntu" },
      recordedId: ID,
      chosenWith: undefined,
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ["no imageId", { platform: "Ubuntu" }],
    ["an empty imageId", { imageId: "", platform: "Ubuntu" }],
    ["an imageId that is not a string", { imageId: 42, platform: "Ubuntu" }],
  ])("should say why it cannot read a state with %s", (_, props) => {
    expect(selectionOfState(props)).toBe("no recorded imageId");
  });

  it("should refuse a state whose filter is a secret, as a stack export keeps it", () => {
    const secret = { [specialSigKey]: specialSecretSig, ciphertext: "v1:abc" };
    expect(selectionOfState({ imageId: ID, platform: secret })).toBe(
      "a filter is a secret, which a stack export keeps encrypted",
    );
    // One secret among plain filters is enough.
    expect(selectionOfState({ imageId: ID, imageType: "gold", platform: secret, osBit: 64 })).toBe(
      "a filter is a secret, which a stack export keeps encrypted",
    );
    // Another special value, or an object filter, is not a secret.
    expect(selectionOfState({ imageId: ID, supports: { [specialSigKey]: "other", kvm: true } })).toMatchObject({
      recordedId: ID,
    });
    expect(selectionOfState({ imageId: ID, createdAt: { gte: "2026-01-01T00:00:00Z" } })).toMatchObject({
      filters: { createdAt: { gte: "2026-01-01T00:00:00Z" } },
    });
  });
});
