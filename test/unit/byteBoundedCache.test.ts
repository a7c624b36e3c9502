import { ByteBoundedCache, SharedResults } from "../../provider/core/byteBoundedCache";

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
  });

  it("should keep entries that fill the bound exactly", () => {
    const c = new ByteBoundedCache<string, string>(10);
    c.set("a", "A", 5);
    c.set("b", "B", 5);
    expect([c.get("a"), c.get("b"), c.bytes]).toEqual(["A", "B", 10]);
    c.set("whole", "W", 10);
    expect([c.get("whole"), c.get("a"), c.get("b"), c.bytes]).toEqual(["W", undefined, undefined, 10]);
  });

  it("should count a replaced entry as the most recently used", () => {
    const c = new ByteBoundedCache<string, string>(10);
    c.set("a", "A", 4);
    c.set("b", "B", 4);
    c.set("a", "A2", 4);
    c.set("c", "C", 4);
    expect([c.get("a"), c.get("b"), c.get("c")]).toEqual(["A2", undefined, "C"]);
  });
});

describe("SharedResults", () => {
  it("should share a pending answer, keep it, and not keep a failure", async () => {
    const results = new SharedResults<string>(100, (v) => v.length);
    let computed = 0;
    let shared = 0;
    const compute = async () => `answer ${++computed}`;
    const [a, b] = await Promise.all([
      results.get("k", compute, () => shared++),
      results.get("k", compute, () => shared++),
    ]);
    expect([a, b, await results.get("k", compute, () => shared++), computed, shared, results.bytes]).toEqual([
      "answer 1",
      "answer 1",
      "answer 1",
      1,
      2,
      8,
    ]);
    await expect(results.get("bad", () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(await results.get("bad", async () => "second try")).toBe("second try");
  });

  it("should ask again for an answer too large to keep, once the first has arrived", async () => {
    const results = new SharedResults<string>(4, (v) => v.length);
    let computed = 0;
    const compute = async () => `answer ${++computed}`;
    expect(await results.get("k", compute)).toBe("answer 1");
    expect(await results.get("k", compute)).toBe("answer 2");
    expect(results.bytes).toBe(0);
  });
});
