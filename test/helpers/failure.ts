/** What `p` rejects with; a call that was meant to fail but succeeded fails the test. */
export async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure, but the call succeeded");
}
