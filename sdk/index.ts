export * from "./getImage";
export * from "./getImages";
export * from "./types";
export type { ImsInvokeOptions } from "./config";
export { ImsError, ImsValidationError, ImsConfigError, ImsAuthError, ImsNotFoundError, ImsApiError, ImsRetryExhaustedError, ImsBadResponseError, ImsNoMatchError, ImsAmbiguousError } from "../provider/errors";
export type { ConnectionOptions } from "../provider/settings";
export type { ImageSupports } from "../provider/lookup/result";
export { ImageSelection, type ImageSelectionArgs } from "./imageSelection";
