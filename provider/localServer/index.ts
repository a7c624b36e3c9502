/**
 * `pulumi-ims/testing`: the local IMS server, for tests and demos without a cloud account.
 * Not part of the package root, which holds only what a Pulumi program uses.
 */
export { LocalImsServer, type LocalServerOptions, type Fault, type SignedRequest } from "./server";
export { generateCatalog, makeImage, type StoredImage, type CatalogOptions } from "./catalog";
