import { renderRows } from "../../provider/cli/output";

describe("renderRows()", () => {
  const rows = [
    { resource: "boot", reason: "error", detail: "IMS request failed.\nWhat to do: retry later" },
    { resource: "web", reason: "none", detail: "up to date" },
  ];

  it.each(["table", "value", "markdown"] as const)("should keep a multi-line message on its row (%s)", (format) => {
    const text = renderRows({ format }, rows, { columns: ["resource", "reason", "detail"] });
    const lines = text.split("\n");
    // table: header, rule and two rows; value: two rows; markdown: header, rule and two rows.
    expect(lines).toHaveLength(format === "value" ? 2 : 4);
    expect(text).toContain("IMS request failed. What to do: retry later");
  });

  it("should keep the message as it is in JSON", () => {
    const text = renderRows({ format: "json", columns: ["detail"] }, rows, { columns: ["detail"] });
    expect(JSON.parse(text)[0].detail).toBe("IMS request failed.\nWhat to do: retry later");
  });

  it("should print nothing for no rows in value format", () => {
    expect(renderRows({ format: "value" }, [], { columns: ["id"] })).toBe("");
  });
});
