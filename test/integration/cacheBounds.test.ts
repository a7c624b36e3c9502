/**
 * The page cache's byte bound against 90 MB of pages: a test of its own, as it takes seconds (the
 * mutation run leaves it out; test/unit/byteBoundedCache.test.ts checks the cache itself).
 */
import { clearCache, getImage, ImsNoMatchError } from "../../sdk";
import { clientFor, resetClients } from "../../provider/connection/clients";
import { PAGE_CACHE_BYTES } from "../../provider/services/imsClient";
import { closeAllPools } from "../../provider/transport/http";
import { LocalImsServer } from "../../provider/localServer/server";

let local: LocalImsServer;

beforeAll(async () => {
  local = await LocalImsServer.start({ catalog: { count: 3000, seed: 3 } });
  resetClients();
});
afterAll(async () => {
  await local.close();
  await closeAllPools();
});

describe("cache bounds", () => {
  it("should keep at most PAGE_CACHE_BYTES of pages however many different lookups read", async () => {
    const connection = { endpoint: local.url };
    let read = 0;
    for (let i = 0; i < 20; i++) {
      // a different server-side query each time (a different upper time bound), nothing matching locally
      const e = await getImage(
        {
          anyOwner: true,
          nameRegex: "^no such image",
          createdAt: `lt:2027-01-${String(i + 1).padStart(2, "0")}T00:00:00Z`,
        },
        { connection },
      ).catch((x: unknown) => x);
      expect(ImsNoMatchError.isInstance(e)).toBe(true);
      read = local.imageRequests.length;
    }
    const kept = clientFor({ options: connection, env: {} }).cachedPageBytes;
    expect(read).toBeGreaterThanOrEqual(60); // about 4 pages of ~1.5 MB each per lookup: 90 MB if all were kept
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(PAGE_CACHE_BYTES);
    clearCache();
    expect(clientFor({ options: connection, env: {} }).cachedPageBytes).toBe(0);
  });
});
