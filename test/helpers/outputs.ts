/**
 * An Output's value and flags in a test. Through the Output's own promise (internal to @pulumi/pulumi,
 * present in every 3.x release), which rejects when the Output failed: `apply` never runs then, and a
 * test that waited on it would hang until its timeout instead of failing with the error.
 */
import type * as pulumi from "@pulumi/pulumi";

interface OutputInternals<T> {
  promise(): Promise<T>;
  readonly isKnown: Promise<boolean>;
  readonly isSecret: Promise<boolean>;
}

const internals = <T>(o: pulumi.Output<T>) => o as unknown as OutputInternals<T>;

export const resolved = <T>(o: pulumi.Output<T>): Promise<T> => internals(o).promise();
export const known = (o: pulumi.Output<unknown>): Promise<boolean> => internals(o).isKnown;
export const secret = (o: pulumi.Output<unknown>): Promise<boolean> => internals(o).isSecret;
