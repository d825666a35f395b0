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

type Entry = [code: string, status: number, message?: string];

/**
 * JSON and query answer every failure with 403 and one of four codes (their own names for the
 * same four errors); only the missing-token text differs. A message left out is the verifier's.
 */
function signatureFamily(codes: {
  missing: string;
  missingMessage: string;
  incomplete: string;
  unknownKey: string;
  mismatch: string;
}): Record<AuthFailure, Entry> {
  const { missing, missingMessage, incomplete, unknownKey, mismatch } = codes;
  return {
    missing: [missing, 403, missingMessage],
    malformed: [incomplete, 403],
    unknownKey: [unknownKey, 403, INVALID_TOKEN],
    badSignature: [mismatch, 403, SIGNATURE_MISMATCH],
    expired: [mismatch, 403, "Signature expired"],
    notYetValid: [mismatch, 403, "Signature not yet current"],
    contentSha256Mismatch: [mismatch, 403, SIGNATURE_MISMATCH],
    badDate: [incomplete, 403],
    skewed: [mismatch, 403],
    wrongService: [mismatch, 403],
    badQueryParameters: [incomplete, 403],
    headersNotSigned: [incomplete, 403],
    badToken: [unknownKey, 403, INVALID_TOKEN],
  };
}

const TABLE: Record<AuthErrorFamily, Record<AuthFailure, Entry>> = {
  json: signatureFamily({
    missing: "MissingAuthenticationTokenException",
    missingMessage: "Missing Authentication Token",
    incomplete: "IncompleteSignatureException",
    unknownKey: "UnrecognizedClientException",
    mismatch: "InvalidSignatureException",
  }),
  query: signatureFamily({
    missing: "MissingAuthenticationToken",
    missingMessage: "Request is missing Authentication Token",
    incomplete: "IncompleteSignature",
    unknownKey: "InvalidClientTokenId",
    mismatch: "SignatureDoesNotMatch",
  }),
  s3: {
    missing: ["AccessDenied", 403, "Access Denied"],
    malformed: ["AuthorizationHeaderMalformed", 400],
    unknownKey: ["InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records."],
    badSignature: [
      "SignatureDoesNotMatch",
      403,
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    ],
    expired: ["AccessDenied", 403, "Request has expired"],
    notYetValid: ["AccessDenied", 403, "Request is not valid yet"],
    contentSha256Mismatch: [
      "XAmzContentSHA256Mismatch",
      400,
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    ],
    badDate: ["AccessDenied", 403, "AWS authentication requires a valid Date or x-amz-date header"],
    skewed: ["RequestTimeTooSkewed", 403, "The difference between the request time and the current time is too large."],
    wrongService: ["AuthorizationHeaderMalformed", 400],
    badQueryParameters: ["AuthorizationQueryParametersError", 400],
    headersNotSigned: ["AccessDenied", 403, "There were headers present in the request which were not signed"],
    badToken: ["InvalidToken", 400, "The provided token is malformed or otherwise invalid."],
  },
};

export function authServiceError(error: AuthError, family: AuthErrorFamily): ServiceError {
  const [code, status, message] = TABLE[family][error.kind];
  if (family === "s3" && error.kind === "wrongService") {
    const { service, expected } = error.details;
    return new ServiceError(
      code,
      `The authorization header is malformed; incorrect service "${service}". This endpoint belongs to "${expected}".`,
      status,
    );
  }
  // S3 writes the skew figures and the unsigned headers into <Error>; the JSON and query services only the message.
  const details =
    family === "s3" && (error.kind === "skewed" || error.kind === "headersNotSigned") ? error.details : {};
  return new ServiceError(code, message ?? error.message, status, undefined, details);
}
