/**
 * `pulumi-ims/testing`: the local IMS server, for tests and demos without a cloud account, and
 * `imsMocks`, which runs ImageSelection against it in a program's unit tests.
 * Not part of the package root, which holds only what a Pulumi program uses.
 */
export * from "../localServer/index";
export { imsMocks, type ImsMocksOptions } from "./imsMocks";
