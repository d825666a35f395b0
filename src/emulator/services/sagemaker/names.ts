/**
 * Patterns and limits of the SageMaker API model (reference §2). Built from strings so that
 * `.source` prints exactly the pattern text AWS puts in its validation messages.
 */
import type { Validator } from "../validation";

export const MODEL_NAME = new RegExp("^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?$");
const RESOURCE_NAME = new RegExp("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$");
export const NAME_CONTAINS = new RegExp("[a-zA-Z0-9-]+");
export const ROLE_ARN = new RegExp("^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$");
export const IMAGE = new RegExp("[\\S]+");
export const MODEL_DATA_URL = new RegExp("^(https|s3)://([^/]+)/?(.*)$");
export const DESTINATION_S3_URI = new RegExp("^(https|s3)://([^/])/?(.*)$");
export const CONTENT_TYPE = new RegExp("^[a-zA-Z0-9](-*[a-zA-Z0-9])*/[a-zA-Z0-9](-*[a-zA-Z0-9.])*");
export const TAG_TEXT = new RegExp("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "u");
export const RESOURCE_ARN = new RegExp("arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:.+");
export const NAME_MAX = 63;

/** EndpointName, EndpointConfigName, VariantName: required, ≤ 63, RESOURCE_NAME. */
export function validateResourceName(v: Validator, path: string, name: string | undefined): void {
  if (v.required(path, name)) v.string(path, name, { max: NAME_MAX, pattern: RESOURCE_NAME });
}
