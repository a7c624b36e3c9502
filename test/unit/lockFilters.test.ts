/**
 * A lock entry's key (the canonical filters) and the command line that locks them: the command is
 * read back by bash (the shell a user pastes it into) and by ims-image's own flag parsing, and must
 * give the same key.
 */
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { COMMANDS } from "../../provider/cli/help";
import type { Values } from "../../provider/cli/flags";
import { lockAddArgs } from "../../provider/cli/lock";
import { lockAddCommand, lockFiltersOf, sameLockFilters } from "../../provider/lock/lockFilters";

/** The words bash makes of a command line. */
function bashWords(command: string): string[] {
  const out = execFileSync("bash", ["-c", `set -- ${command}; printf '%s\\0' "$@"`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

/** What `ims-image lock add` makes of those words: the lookup's arguments (its flags, as main() parses them). */
function argsOfCommand(command: string): Record<string, unknown> {
  const words = bashWords(command);
  expect(words.slice(0, 3)).toEqual(["ims-image", "lock", "add"]);
  const { values } = parseArgs({
    args: words.slice(4),
    options: COMMANDS["lock add"]!.options,
    allowPositionals: true,
  });
  return lockAddArgs(values as Values);
}

describe("lockFiltersOf", () => {
  it("should give one key for the forms a program and the command line use", () => {
    const program = {
      platform: "Ubuntu",
      imageType: "gold",
      osBit: 64,
      isRegistered: true,
      tag: "x86",
      tags: ["prod"],
      createdAt: { lt: new Date("2025-01-01T00:00:00Z") },
      updatedAt: "gte:2024-01-01T00:00:00Z",
      mostRecent: true,
      anyOwner: false,
      denyImageIds: ["b", "a", "b"],
      owner: undefined,
    };
    expect(lockFiltersOf(program)).toEqual({
      createdAt: { lt: "2025-01-01T00:00:00.000Z" },
      denyImageIds: ["a", "b"],
      imageType: "gold",
      isRegistered: true,
      osBit: 64,
      platform: "Ubuntu",
      tags: ["x86", "prod"],
      updatedAt: { gte: "2024-01-01T00:00:00Z" },
    });
    expect(
      sameLockFilters(program, {
        tags: ["x86", "prod"],
        osBit: "64",
        isRegistered: "true",
        platform: "Ubuntu",
        imageType: "gold",
        denyImageIds: ["a", "b"],
        createdAt: "lt:2025-01-01T00:00:00.000Z",
        updatedAt: { gte: "2024-01-01T00:00:00Z" },
      }),
    ).toBe(true);
  });

  it.each([
    [{ osBit: 32 }],
    [{ mostRecent: false }],
    [{ anyOwner: true }],
    [{ tags: ["prod", "x86"] }],
    [{ createdAt: { lte: "2025-01-01T00:00:00Z" } }],
  ])("should tell %j from the base filters", (change) => {
    const base = {
      platform: "Ubuntu",
      imageType: "gold",
      osBit: 64,
      tags: ["x86", "prod"],
      createdAt: "lt:2025-01-01T00:00:00Z",
    };
    expect(sameLockFilters(base, { ...base, ...change })).toBe(false);
  });
});

describe("lockAddCommand", () => {
  it.each([
    [{ platform: "Ubuntu", imageType: "gold" }],
    [{ name: "web 'golden' image; rm -rf /", imageType: "private", owner: "p1" }],
    [{ nameRegex: "^Ubuntu 22\\.04 (server|minimal) $HOME", imageType: "gold" }],
    [{ imageType: "gold", supports: { kvm: true, kvmGpuType: "V100" }, properties: { hw_firmware_type: "uefi" } }],
    [{ imageType: "gold", createdAt: { gte: "2024-01-01T00:00:00Z", lt: "2025-01-01T00:00:00Z" }, osBit: 64 }],
    [{ imageType: "gold", tags: ["x86", "prod"], isRegistered: true, minDisk: 40, anyOwner: true }],
    [{ id: "aaaaaaaa-0000-4000-8000-000000000001", mostRecent: false, denyImageIds: ["x", "y"] }],
  ])("should lock exactly %j when bash and ims-image read it back", (filters) => {
    const command = lockAddCommand("web", filters, { regions: ["eu-de"], lockFile: "prod lock.json" });
    expect(lockFiltersOf(argsOfCommand(command))).toEqual(lockFiltersOf(filters));
    expect(bashWords(command).slice(-4)).toEqual(["--region", "eu-de", "--lock-file", "prod lock.json"]);
  });
});
