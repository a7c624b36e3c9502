import { parseGetImageArgs } from "../../provider/lookup/args";

/** What getImage says of arguments it refuses, before any request; "" when it accepts them. */
export function getImageRefusal(args: unknown): string {
  try {
    parseGetImageArgs(args);
    return "";
  } catch (e) {
    return (e as Error).message;
  }
}
