import { resetClients } from "../../provider/connection/clients";
import { closeAllPools } from "../../provider/transport/http";
import type { LocalImsServer } from "../../provider/localServer/server";

/**
 * The jest hooks of a suite against one local IMS server: before each test a fresh client (no page,
 * lookup or held credential reused) and an empty request log; after the suite the server and the
 * connection pools closed. `server` is read when the hooks run, after beforeAll started it.
 */
export function freshClientsPerTest(server: () => LocalImsServer): void {
  beforeEach(() => {
    resetClients();
    server().resetRequests();
  });
  afterAll(async () => {
    await server().close();
    await closeAllPools();
  });
}
