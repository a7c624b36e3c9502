/** What a refused argument's message says: which argument (its path), what was given, what is allowed. */
import { z } from "zod";
import { summarizeZodError } from "../../provider/core/validation";
import { getImageRefusal as refusal } from "../helpers/refusal";

describe("the value given, as a message shows it", () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  it.each([
    ["a number", { platform: 7 }, "platform: must be a string (given 7)"],
    [
      "a string, in quotes",
      { imageType: "golden" },
      'imageType: must be one of gold, private, shared, market (given "golden")',
    ],
    ["a bigint", { minDisk: 10n }, "minDisk: must be a number (given 10)"],
    ["a function", { platform: () => "Ubuntu" }, "platform: must be a string (given a function)"],
    ["a symbol", { platform: Symbol("x") }, "platform: must be a string (given a symbol)"],
    ["an object", { minDisk: { gb: 40 } }, 'minDisk: must be a number (given {"gb":40})'],
    [
      "a value JSON cannot show",
      { minDisk: circular },
      "minDisk: must be a number (given a value that cannot be shown as JSON)",
    ],
    ["nothing, in a list", { anyOwner: true, tags: ["x86", undefined] }, "tags[1]: must be a string (given nothing)"],
  ])("%s", (_, args, expected) => {
    expect(refusal({ anyOwner: true, ...args })).toContain(`  - ${expected}`);
  });
});

describe("which argument", () => {
  it("should name a nested argument with dots and a list item with its index", () => {
    expect(refusal({ anyOwner: true, supports: { kvm: 5 } })).toContain("  - supports.kvm: ");
    expect(refusal({ anyOwner: true, tags: ["a", 5] })).toContain("  - tags[1]: ");
  });
  it("should name unknown arguments, and every problem at once", () => {
    expect(refusal({ anyOwner: true, colour: "red", platfrom: "Ubuntu", minDisk: "big" })).toBe(
      'invalid getImage arguments:\n  - minDisk: must be a number (given "big")\n  - (arguments): unknown argument(s) "colour", "platfrom"',
    );
  });
  it("should say (arguments) when the arguments themselves are wrong", () => {
    expect(refusal("Ubuntu")).toMatch(/^invalid getImage arguments:\n {2}- \(arguments\): /);
  });
});

describe("summarizeZodError()", () => {
  const schema = z.object({ images: z.array(z.object({ id: z.string() })) });
  it("should give the path of each of the first three problems, and (body) for the body itself", () => {
    const many = schema.safeParse({ images: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }] });
    expect(
      summarizeZodError(many.error!)
        .split("; ")
        .map((p) => p.split(": ")[0]),
    ).toEqual(["images.0.id", "images.1.id", "images.2.id"]);
    expect(summarizeZodError(schema.safeParse("<html>").error!)).toMatch(/^\(body\): /);
  });
});
