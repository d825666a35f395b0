/** S3's error codes and message texts, as S3 returns them. */
import { ServiceError } from "../../errors";

export const s3Errors = {
  noSuchBucket: (bucket: string) =>
    new ServiceError("NoSuchBucket", "The specified bucket does not exist", 404, "Sender", { BucketName: bucket }),
  noSuchKey: (key: string) =>
    new ServiceError("NoSuchKey", "The specified key does not exist.", 404, "Sender", { Key: key }),
  bucketNotEmpty: (bucket: string) =>
    new ServiceError("BucketNotEmpty", "The bucket you tried to delete is not empty", 409, "Sender", {
      BucketName: bucket,
    }),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    new ServiceError(
      "BucketAlreadyOwnedByYou",
      "Your previous request to create the named bucket succeeded and you already own it.",
      409,
      "Sender",
      { BucketName: bucket },
    ),
  invalidBucketName: (bucket: string) =>
    new ServiceError("InvalidBucketName", "The specified bucket is not valid.", 400, "Sender", { BucketName: bucket }),
  keyTooLong: () => new ServiceError("KeyTooLongError", "Your key is too long", 400),
  invalidRange: (size: number, range: string) =>
    new ServiceError("InvalidRange", "The requested range is not satisfiable", 416, "Sender", {
      RangeRequested: range,
      ActualObjectSize: size,
    }),
  badDigest: (what: string) =>
    new ServiceError("BadDigest", `The ${what} you specified did not match the calculated checksum.`, 400),
  badContentMd5: () =>
    new ServiceError("BadDigest", "The Content-MD5 you specified did not match what we received.", 400),
  invalidDigest: () => new ServiceError("InvalidDigest", "The Content-MD5 you specified was invalid.", 400),
  invalidArgument: (message: string, name?: string, value?: string) =>
    new ServiceError(
      "InvalidArgument",
      message,
      400,
      "Sender",
      name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? "" },
    ),
  invalidRequest: (message: string) => new ServiceError("InvalidRequest", message, 400),
  malformedXml: () =>
    new ServiceError(
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
      400,
    ),
  /** `location` undefined: a request to a regional endpoint that names no constraint ("unspecified"). */
  illegalLocationConstraint: (location: string | undefined) =>
    new ServiceError(
      "IllegalLocationConstraintException",
      `The ${location ?? "unspecified"} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      400,
    ),
  invalidLocationConstraint: () =>
    new ServiceError("InvalidLocationConstraint", "The specified location-constraint is not valid", 400),
  invalidTag: (message: string) => new ServiceError("InvalidTag", message, 400),
  noSuchTagSet: (bucket: string) =>
    new ServiceError("NoSuchTagSet", "The TagSet does not exist", 404, "Sender", { BucketName: bucket }),
  noSuchUpload: (uploadId: string) =>
    new ServiceError(
      "NoSuchUpload",
      "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
      404,
      "Sender",
      { UploadId: uploadId },
    ),
  invalidPart: () =>
    new ServiceError(
      "InvalidPart",
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
      400,
    ),
  invalidPartOrder: () =>
    new ServiceError(
      "InvalidPartOrder",
      "The list of parts was not in ascending order. Parts must be ordered by part number.",
      400,
    ),
  entityTooSmall: () =>
    new ServiceError("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.", 400),
  methodNotAllowed: (method: string, resourceType: string) =>
    new ServiceError("MethodNotAllowed", "The specified method is not allowed against this resource.", 405, "Sender", {
      Method: method,
      ResourceType: resourceType,
    }),
  notImplemented: () =>
    new ServiceError(
      "NotImplemented",
      "A header you provided implies functionality that is not implemented",
      501,
      "Receiver",
    ),
};

/** An XML body S3 could read; MalformedXML otherwise. */
export function wellFormed<T>(body: T | undefined): T {
  if (body === undefined) throw s3Errors.malformedXml();
  return body;
}
