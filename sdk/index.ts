export * from "./getImage";
export * from "./getImages";
export * from "./types";
export { clearCache } from "./cache";
export {
  ImsError,
  ImsValidationError,
  ImsConfigError,
  ImsAuthError,
  ImsNotFoundError,
  ImsApiError,
  ImsRetryExhaustedError,
  ImsBadResponseError,
  ImsNoMatchError,
  ImsAmbiguousError,
  ImsScanLimitError,
  ImsLockError,
  ImsLockMismatchError,
} from "../provider/core/errors";
export type { ConnectionOptions, RetryOptions } from "../provider/core/connectionOptions";
export type { ImageSupports } from "../provider/lookup/imageResult";
export { ImageSelection, type ImageSelectionArgs, type ImageSelectionOptions } from "./imageSelection";
