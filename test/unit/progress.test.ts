import { progressLine } from "../../provider/cli/progress";

describe("progressLine()", () => {
  const run = (enabled: boolean) => {
    let t = 0;
    const written: string[] = [];
    const p = progressLine({ enabled, write: (s) => written.push(s), now: () => t });
    p.onProgress({ pages: 1, images: 100 });
    t = 999;
    p.onProgress({ pages: 2, images: 1100 });
    t = 1500;
    p.onProgress({ pages: 3, images: 2100 });
    p.done();
    return written;
  };

  it("should stay silent for the first second, then rewrite one line and clear it", () => {
    expect(run(true)).toEqual(["\r\x1b[2Kread 3 page(s), 2100 image(s)...", "\r\x1b[2K"]);
  });

  it("should write nothing when disabled (not a terminal, or --quiet)", () => {
    expect(run(false)).toEqual([]);
  });
});
