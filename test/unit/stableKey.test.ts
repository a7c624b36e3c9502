/**
 * Cache and drift keys: equal arguments give one key whatever order a program wrote their fields
 * in (JSON objects are unordered), an undefined field is an absent one (JSON.stringify drops it), and
 * anything that changes the lookup changes the key.
 */
import { stableKey } from "../../provider/core/stableKey";
import { parseGetImageArgs } from "../../provider/lookup/args";

describe("stableKey", () => {
  it("should give one key whatever the order of fields, at every depth", () => {
    const a = { platform: "Ubuntu", supports: { kvm: "true", xen: "false" }, tags: ["a", "b"] };
    const b = { tags: ["a", "b"], supports: { xen: "false", kvm: "true" }, platform: "Ubuntu" };
    expect(stableKey(a)).toBe(stableKey(b));
  });

  it("should read an undefined field as an absent one, and null as a value", () => {
    expect(stableKey({ platform: "Ubuntu", owner: undefined })).toBe(stableKey({ platform: "Ubuntu" }));
    expect(stableKey({ supports: { kvm: undefined } })).toBe(stableKey({ supports: {} }));
    expect(stableKey({ platform: "Ubuntu", owner: null })).not.toBe(stableKey({ platform: "Ubuntu" }));
  });

  it("should keep the order of a list, which is part of its meaning", () => {
    expect(stableKey({ sortKey: ["name", "created_at"] })).not.toBe(stableKey({ sortKey: ["created_at", "name"] }));
  });

  it("should tell apart parsed lookups that differ only in their nameRegex", () => {
    const key = (nameRegex: string) =>
      stableKey(parseGetImageArgs({ platform: "Ubuntu", imageType: "gold", nameRegex }));
    expect(key("^Ubuntu 24")).not.toBe(key("^Ubuntu 22"));
    expect(key("^Ubuntu 24")).toBe(key("^Ubuntu 24"));
  });
});
