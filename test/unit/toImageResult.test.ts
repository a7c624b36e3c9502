/** An image as IMS sends it -> getImage's result (provider/lookup/toImageResult.ts), from a parsed body. */
import { imageSchema } from "../../provider/core/imsSchema";
import { toImageResult } from "../../provider/lookup/toImageResult";

const parsed = (json: Record<string, unknown>) => imageSchema.parse(json);

describe("toImageResult()", () => {
  it("should fill what an image may leave out with the empty value of its type", () => {
    const image = toImageResult(
      parsed({ id: "0b8c0000-0000-4000-8000-000000000001", created_at: "2026-01-01T00:00:00Z" }),
    );
    expect(image).toMatchObject({
      name: "",
      status: "",
      visibility: "",
      protected: false,
      tags: [],
      minDisk: 0,
      minRam: 0,
      supports: { kvm: false, fcInject: false },
    });
    expect(image.owner).toBeUndefined();
    expect(image.size).toBeUndefined();
  });

  it("should give a copy of the tags, not the image's own list", () => {
    const raw = parsed({ id: "0b8c0000-0000-4000-8000-000000000002", created_at: "2026-01-01T00:00:00Z", tags: ["a"] });
    const image = toImageResult(raw);
    // JavaScript programs can change the result: the image kept in the page cache must not change with it.
    (image.tags as string[]).push("b");
    expect(raw.tags).toEqual(["a"]);
  });

  it("should read IMS's size and checksum placeholders (0 and the MD5 of nothing) as unknown", () => {
    const image = toImageResult(
      parsed({
        id: "0b8c0000-0000-4000-8000-000000000003",
        created_at: "2026-01-01T00:00:00Z",
        size: 0,
        checksum: "d41d8cd98f00b204e9800998ecf8427e",
        status: "active",
        visibility: "public",
        protected: true,
      }),
    );
    expect(image).toMatchObject({ status: "active", visibility: "public", protected: true });
    expect(image.size).toBeUndefined();
    expect(image.checksum).toBeUndefined();
  });
});
