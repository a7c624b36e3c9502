import { readFileSync } from "node:fs";
import { join } from "node:path";
import { imagePageSchema, imageSchema, readPageImages } from "../../provider/core/imsSchema";
import { parseErrorBody } from "../../provider/core/errorBody";

/** An example body of the seed API reference, vendored in test/fixtures/seed (its README names the pages). */
function seedExample(file: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, "../fixtures/seed", file), "utf8"));
}

describe("imagePageSchema", () => {
  it("should parse the seed's list example with typed fields", () => {
    const page = readPageImages(imagePageSchema.parse(seedExample("list-images.json")));
    expect(page.images).toHaveLength(2);
    expect(page.next).toBe(
      "/v2/images?__isregistered=true&marker=0328c25e-c840-4496-81ac-c4e01b214b1f&__imagetype=gold&limit=2",
    );
    const first = page.images[0]!;
    expect(first.min_disk).toBe(100);
    expect(first.protected).toBe(true);
    expect(first.__platform).toBe("CentOS");
    expect(first.virtual_size).toBeNull();
  });

  it("should keep unknown fields as they came", () => {
    const image = imageSchema.parse({
      id: "x",
      created_at: "2018-09-06T14:03:27Z",
      __new_vendor_field: "v",
      os_hidden: false,
    });
    expect(image.__new_vendor_field).toBe("v");
    expect(image.os_hidden).toBe(false);
  });

  it.each([
    ["a missing id", { created_at: "2018-09-06T14:03:27Z" }],
    ["min_ram as text", { id: "x", created_at: "2018-09-06T14:03:27Z", min_ram: "2048" }],
    ["protected as text", { id: "x", created_at: "2018-09-06T14:03:27Z", protected: "true" }],
  ])("should refuse an image with %s", (_, body) => {
    expect(imageSchema.safeParse(body).success).toBe(false);
  });

  it("should read vendor fields sent as booleans or numbers as their text", () => {
    // Open Telekom Cloud's Python SDK models __lazyloading as a boolean
    const image = imageSchema.parse({
      id: "x",
      created_at: "2018-09-06T14:03:27Z",
      __lazyloading: true,
      __support_kvm: false,
      __os_bit: 64,
    });
    expect([image.__lazyloading, image.__support_kvm, image.__os_bit]).toEqual(["true", "false", "64"]);
  });

  it("should skip an unreadable image of a page, naming it, and keep the others", () => {
    const page = readPageImages(
      imagePageSchema.parse({
        images: [
          { id: "good-1", created_at: "2026-01-02T00:00:00Z", name: "fine" },
          { id: "bad-1", name: "broken", created_at: "2026-01-01T00:00:00Z", min_disk: "forty" },
          { id: "good-2", created_at: "2025-01-01T00:00:00Z", __lazyloading: true },
          "not an image",
        ],
      }),
    );
    expect(page.images.map((i) => i.id)).toEqual(["good-1", "good-2"]);
    expect(page.skipped).toEqual([
      { id: "bad-1", name: "broken", problem: expect.stringContaining("min_disk") },
      { id: undefined, name: undefined, problem: expect.any(String) },
    ]);
  });

  it("should parse the seed's detail example", () => {
    expect(imageSchema.parse(seedExample("show-image.json")).id).toBe("bc6bed6e-ba3a-4447-afcc-449174a3eb52");
  });
});

describe("parseErrorBody()", () => {
  it.each([
    ["IMS", '{"error": {"code": "IMG.0001", "message": "bad filter"}}', { code: "IMG.0001", message: "bad filter" }],
    [
      "Keystone",
      '{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}',
      { code: "401", message: "The request you have made requires authentication." },
    ],
    [
      "Glance",
      '{"message": "limit param must be positive<br /><br />\\n\\n\\n", "code": "400 Bad Request", "title": "Bad Request"}',
      { code: "400 Bad Request", message: "limit param must be positive" },
    ],
    [
      "API gateway",
      '{"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information", "request_id": "abc"}',
      { code: "APIGW.0301", message: "Incorrect IAM authentication information", requestId: "abc" },
    ],
    [
      "Glance, with tags and breaks of every spelling",
      '{"message": "<h1>400 Bad Request</h1>Invalid sort key<BR>foo<br/>bar<br  />baz", "code": 400}',
      { code: "400", message: "400 Bad Request Invalid sort key foo bar baz" },
    ],
    ["Glance, with nothing but breaks", '{"message": "<br /><br />\\n"}', { message: undefined }],
  ])("should read a %s error body", (_, body, expected) => {
    expect(parseErrorBody(body)).toEqual(expect.objectContaining(expected));
  });

  it("should keep a message of up to 500 characters, and cut a longer one there", () => {
    expect(parseErrorBody(JSON.stringify({ message: "a".repeat(500) })).message).toBe("a".repeat(500));
    expect(parseErrorBody(JSON.stringify({ message: `${"a".repeat(500)}b` })).message).toBe(`${"a".repeat(500)}...`);
  });

  it.each(["<html><body>400</body></html>", "", "[1,2]", '{"unrelated": true}'])("should give {} for %j", (body) => {
    expect(parseErrorBody(body)).toEqual({});
  });
});
