/**
 * The same authentication failure is a different AWS error per service family; one table says
 * which. JSON services (SageMaker, Runtime) speak Coral's codes, CloudWatch its query codes
 * (also in query-compatible JSON), S3 its own.
 */
import { ServiceError } from "../errors";
import type { AuthError, AuthFailure } from "./sigv4";

export type AuthErrorFamily = "json" | "query" | "s3";

const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const INVALID_TOKEN = "The security token included in the request is invalid.";

const TABLE: Record<AuthErrorFamily, Record<AuthFailure, [code: string, status: number, message?: string]>> = {
  json: {
    missing: ["MissingAuthenticationTokenException", 403, "Missing Authentication Token"],
    malformed: ["IncompleteSignatureException", 403],
    unknownKey: ["UnrecognizedClientException", 403, INVALID_TOKEN],
    badSignature: ["InvalidSignatureException", 403, SIGNATURE_MISMATCH],
    expired: ["InvalidSignatureException", 403, "Signature expired"],
    contentSha256Mismatch: ["InvalidSignatureException", 403, SIGNATURE_MISMATCH],
  },
  query: {
    missing: ["MissingAuthenticationToken", 403, "Request is missing Authentication Token"],
    malformed: ["IncompleteSignature", 403],
    unknownKey: ["InvalidClientTokenId", 403, INVALID_TOKEN],
    badSignature: ["SignatureDoesNotMatch", 403, SIGNATURE_MISMATCH],
    expired: ["SignatureDoesNotMatch", 403, "Signature expired"],
    contentSha256Mismatch: ["SignatureDoesNotMatch", 403, SIGNATURE_MISMATCH],
  },
  s3: {
    missing: ["AccessDenied", 403, "Access Denied"],
    malformed: ["AuthorizationHeaderMalformed", 400],
    unknownKey: ["InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records."],
    badSignature: ["SignatureDoesNotMatch", 403, "The request signature we calculated does not match the signature you provided. Check your key and signing method."],
    expired: ["AccessDenied", 403, "Request has expired"],
    contentSha256Mismatch: ["XAmzContentSHA256Mismatch", 400, "The provided 'x-amz-content-sha256' header does not match what was computed."],
  },
};

export function authServiceError(error: AuthError, family: AuthErrorFamily): ServiceError {
  const [code, status, message] = TABLE[family][error.kind];
  return new ServiceError(code, message ?? error.message, status);
}
