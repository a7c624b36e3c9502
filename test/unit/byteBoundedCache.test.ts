import { ByteBoundedCache } from "../../provider/core/byteBoundedCache";

describe("ByteBoundedCache", () => {
  it("should evict the least recently used entries past its byte bound", () => {
    const c = new ByteBoundedCache<string, string>(10);
    c.set("a", "A", 4);
    c.set("b", "B", 4);
    expect(c.get("a")).toBe("A"); // a is now the most recently used
    c.set("c", "C", 4);
    expect([c.get("a"), c.get("b"), c.get("c")]).toEqual(["A", undefined, "C"]);
    expect(c.bytes).toBe(8);
  });

  it("should not keep a value larger than the whole bound", () => {
    const c = new ByteBoundedCache<string, string>(10);
    c.set("a", "A", 4);
    c.set("huge", "H", 11);
    expect([c.get("huge"), c.get("a"), c.bytes]).toEqual([undefined, "A", 4]);
  });

  it("should replace an entry and count its new size", () => {
    const c = new ByteBoundedCache<string, string>(10);
    c.set("a", "A", 4);
    c.set("a", "A2", 6);
    expect([c.get("a"), c.bytes, c.size]).toEqual(["A2", 6, 1]);
    c.clear();
    expect([c.bytes, c.size]).toEqual([0, 0]);
  });
});
