/**
 * S3's restXml bindings (moto's urls.py and responses.py): which operation a method, path and
 * query mean, the operation's input from the path, query, headers and body, and its output back
 * as status, headers and XML. Behaviour stays in services/s3.
 */
import type {
  AbortMultipartUploadCommandInput,
  BucketLocationConstraint,
  ChecksumAlgorithm,
  ChecksumType,
  CreateMultipartUploadOutput,
  ListMultipartUploadsCommandInput,
  ListMultipartUploadsOutput,
  ListPartsCommandInput,
  ListPartsOutput,
  UploadPartCopyCommandInput,
  UploadPartCopyOutput,
  UploadPartOutput,
  ChecksumMode,
  CopyObjectCommandInput,
  CopyObjectOutput,
  CreateBucketCommandInput,
  CreateBucketOutput,
  EncodingType,
  GetBucketLocationOutput,
  GetBucketTaggingOutput,
  GetObjectCommandInput,
  HeadBucketOutput,
  HeadObjectOutput,
  ListBucketsOutput,
  ListObjectsCommandInput,
  ListObjectsV2CommandInput,
  MetadataDirective,
  PutObjectOutput,
} from "@aws-sdk/client-s3";
import { internalFailure } from "../../errors";
import { queryValue, type Incoming, type Reply } from "../../http";
import { s3Address } from "./address";
import { CHECKSUM_ALGORITHM_NAMES, checksumHeader, checksumMember } from "./checksums";
import { byName } from "../../names";
import { fitsType } from "../numbers";
import { s3Errors } from "./errors";
import type {
  Addressed,
  Checksums,
  DeleteObjectsInput,
  Digests,
  GetObjectOutput,
  PutBucketTaggingInput,
  PutObjectInput,
} from "./shapes";
import type { HttpBinding, RestService, RestRoute } from "../../protocols/rest";
import { restXmlErrorReply, s3Headers, xmlReply } from "../../protocols/rest-xml";
import type { RequestContext } from "../../protocols/types";
import { completedUpload, deleteRequest, locationConstraint, tagging } from "./http-bodies";
import type { CompleteMultipartUploadInput, UploadPartInput } from "./multipart";

/** S3 sub-resources this emulator does not implement: answered NotImplemented, never misread as another operation. */
const UNSUPPORTED_SUBRESOURCES = new Set(
  "accelerate acl analytics attributes cors encryption intelligent-tiering inventory legal-hold lifecycle logging metrics notification object-lock ownershipControls partNumber policy policyStatus publicAccessBlock replication requestPayment restore retention select torrent versioning versions website".split(
    " ",
  ),
);

const addressOf = (req: Incoming) => s3Address(req.headers["host"] ?? "", req.rawPath);
const q = (req: Incoming, name: string) => queryValue(req.query, name);

/** A reply with S3's request-id headers and no body. */
const empty = (ctx: RequestContext, status = 200, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { ...s3Headers(ctx.requestId), ...headers },
});
const noContent = (_: unknown, ctx: RequestContext) => empty(ctx, 204);
/** A reply whose body is the output as an XML document under `root`. */
const xml =
  <Output>(root: string, body: (output: Output) => unknown = (output) => output) =>
  (output: Output, ctx: RequestContext) =>
    xmlReply(root, body(output), ctx.requestId);

// The route guarantees the bucket (and for an object operation, the key) is named.
const bucketInput = (req: Incoming) => ({ Bucket: addressOf(req).bucket ?? "" });
const objectInput = (req: Incoming) => ({ ...bucketInput(req), Key: addressOf(req).key ?? "" });

/**
 * A wire value read into one of the SDK's string enums. The wire may carry any text; the
 * behaviours compare it with the values they know and refuse or ignore the rest as S3 does.
 */
const wireEnum = <T extends string>(value: string | undefined): T | undefined => value as T | undefined;

const bindings: Record<string, HttpBinding> = {
  ListBuckets: {
    input: () => ({}),
    reply: xml("ListAllMyBucketsResult", ({ Owner, Buckets }: ListBucketsOutput) => ({
      Owner,
      Buckets: { Bucket: Buckets },
    })),
  },
  CreateBucket: {
    input: (req, ctx): Addressed<CreateBucketCommandInput> => ({
      ...bucketInput(req),
      CreateBucketConfiguration: {
        LocationConstraint: wireEnum<BucketLocationConstraint>(locationConstraint(ctx.body)),
      },
    }),
    reply: (output: CreateBucketOutput, ctx) => empty(ctx, 200, { location: output.Location ?? "" }),
  },
  HeadBucket: {
    input: bucketInput,
    reply: (output: HeadBucketOutput, ctx) => empty(ctx, 200, { "x-amz-bucket-region": output.BucketRegion ?? "" }),
  },
  GetBucketLocation: {
    input: bucketInput,
    reply: xml("LocationConstraint", (output: GetBucketLocationOutput) => output.LocationConstraint ?? ""),
  },
  DeleteBucket: { input: bucketInput, reply: noContent },
  PutBucketTagging: {
    input: (req, ctx): PutBucketTaggingInput => ({
      ...bucketInput(req),
      ...digests(req, ctx),
      Body: ctx.body,
      Tagging: tagging(ctx.body),
    }),
    reply: noContent,
  },
  GetBucketTagging: {
    input: bucketInput,
    reply: xml("Tagging", ({ TagSet }: GetBucketTaggingOutput) => ({ TagSet: { Tag: TagSet } })),
  },
  DeleteBucketTagging: { input: bucketInput, reply: noContent },
  PutObject: {
    input: (req, ctx): PutObjectInput => {
      // The pipeline stages every PutObject body (s3/upload-body.ts): none here is a wiring bug.
      if (!ctx.staged) throw internalFailure(undefined);
      return {
        ...objectInput(req),
        ...digests(req, ctx),
        ...objectHeaderMembers(req),
        IfNoneMatch: req.headers["if-none-match"],
        Body: ctx.staged,
      };
    },
    reply: (output: PutObjectOutput, ctx) => empty(ctx, 200, { etag: output.ETag ?? "", ...checksumHeaders(output) }),
  },
  GetObject: { input: getObjectInput, reply: objectReply },
  HeadObject: { input: getObjectInput, reply: objectReply },
  DeleteObject: { input: objectInput, reply: noContent },
  DeleteObjects: {
    input: (req, ctx): DeleteObjectsInput => ({
      ...bucketInput(req),
      ...digests(req, ctx),
      Body: ctx.body,
      Delete: deleteRequest(ctx.body),
    }),
    reply: xml("DeleteResult"),
  },
  ListObjectsV2: {
    input: (req): Addressed<ListObjectsV2CommandInput> => ({
      ...listingInput(req),
      ContinuationToken: q(req, "continuation-token"),
      StartAfter: q(req, "start-after"),
      FetchOwner: q(req, "fetch-owner") === "true",
    }),
    reply: xml("ListBucketResult"),
  },
  ListObjects: {
    input: (req): Addressed<ListObjectsCommandInput> => ({ ...listingInput(req), Marker: q(req, "marker") }),
    reply: xml("ListBucketResult"),
  },
  CopyObject: {
    input: (req): Addressed<CopyObjectCommandInput> => ({
      ...objectInput(req),
      ...objectHeaderMembers(req),
      CopySource: req.headers["x-amz-copy-source"] ?? "",
      MetadataDirective: wireEnum<MetadataDirective>(req.headers["x-amz-metadata-directive"]),
      CopySourceIfMatch: req.headers["x-amz-copy-source-if-match"],
      CopySourceIfNoneMatch: req.headers["x-amz-copy-source-if-none-match"],
      CopySourceIfModifiedSince: httpDate(req.headers["x-amz-copy-source-if-modified-since"]),
      CopySourceIfUnmodifiedSince: httpDate(req.headers["x-amz-copy-source-if-unmodified-since"]),
    }),
    reply: xml("CopyObjectResult", ({ CopyObjectResult }: CopyObjectOutput) => CopyObjectResult),
  },
  CreateMultipartUpload: {
    input: (req) => ({
      ...objectInput(req),
      ...objectHeaderMembers(req),
      ChecksumAlgorithm: wireEnum<ChecksumAlgorithm>(req.headers["x-amz-checksum-algorithm"]?.toUpperCase()),
      ChecksumType: wireEnum<ChecksumType>(req.headers["x-amz-checksum-type"]?.toUpperCase()),
    }),
    // The checksum the upload was started with comes back in headers.
    reply: (output: CreateMultipartUploadOutput, ctx) => {
      const { Bucket, Key, UploadId, ChecksumAlgorithm, ChecksumType } = output;
      const reply = xmlReply("InitiateMultipartUploadResult", { Bucket, Key, UploadId }, ctx.requestId);
      if (ChecksumAlgorithm) reply.headers["x-amz-checksum-algorithm"] = ChecksumAlgorithm;
      if (ChecksumType) reply.headers["x-amz-checksum-type"] = ChecksumType;
      return reply;
    },
  },
  UploadPart: {
    input: (req, ctx): UploadPartInput => {
      // The pipeline stages every UploadPart body (s3/upload-body.ts): none here is a wiring bug.
      if (!ctx.staged) throw internalFailure(undefined);
      return { ...uploadPartInput(req), ...digests(req, ctx), Body: ctx.staged };
    },
    reply: (output: UploadPartOutput, ctx) => empty(ctx, 200, { etag: output.ETag ?? "", ...checksumHeaders(output) }),
  },
  UploadPartCopy: {
    input: (req): Addressed<UploadPartCopyCommandInput> => ({
      ...uploadPartInput(req),
      CopySource: req.headers["x-amz-copy-source"] ?? "",
      CopySourceRange: req.headers["x-amz-copy-source-range"],
    }),
    reply: xml("CopyPartResult", ({ CopyPartResult }: UploadPartCopyOutput) => CopyPartResult),
  },
  CompleteMultipartUpload: {
    input: (req, ctx): CompleteMultipartUploadInput => ({
      ...objectInput(req),
      ...digests(req, ctx),
      UploadId: q(req, "uploadId"),
      Body: ctx.body,
      MultipartUpload: completedUpload(ctx.body),
    }),
    reply: xml("CompleteMultipartUploadResult"),
  },
  AbortMultipartUpload: {
    input: (req): Addressed<AbortMultipartUploadCommandInput> => ({
      ...objectInput(req),
      UploadId: q(req, "uploadId"),
    }),
    reply: noContent,
  },
  ListParts: {
    input: (req): Addressed<ListPartsCommandInput> => ({
      ...objectInput(req),
      UploadId: q(req, "uploadId"),
      MaxParts: count(q(req, "max-parts"), "max-parts"),
      PartNumberMarker: q(req, "part-number-marker"),
    }),
    reply: xml("ListPartsResult", ({ Parts, ...rest }: ListPartsOutput) => ({ ...rest, Part: Parts })),
  },
  ListMultipartUploads: {
    input: (req): Addressed<ListMultipartUploadsCommandInput> => ({
      ...bucketInput(req),
      Prefix: q(req, "prefix"),
      KeyMarker: q(req, "key-marker"),
      UploadIdMarker: q(req, "upload-id-marker"),
      MaxUploads: count(q(req, "max-uploads"), "max-uploads"),
    }),
    reply: xml("ListMultipartUploadsResult", ({ Uploads, ...rest }: ListMultipartUploadsOutput) => ({
      ...rest,
      Upload: Uploads,
    })),
  },
};

function uploadPartInput(req: Incoming) {
  const partNumber = q(req, "partNumber") ?? "";
  return {
    ...objectInput(req),
    UploadId: q(req, "uploadId"),
    PartNumber: /^\d{1,9}$/.test(partNumber) ? Number(partNumber) : undefined,
  };
}

export const s3Rest: RestService = {
  route,
  bindings,
  errorReply: (error, req, requestId) => restXmlErrorReply(error, requestId, req.method),
};

function route(req: Incoming): RestRoute {
  const { bucket, key } = addressOf(req);
  const operation = operationOf(req, bucket, key);
  const resource = bucket === undefined ? undefined : key === undefined ? bucket : `${bucket}/${key}`;
  // partNumber names an upload's part; on a GET or HEAD (one part of an object) it is not supported.
  const unsupportedHere = (name: string) =>
    UNSUPPORTED_SUBRESOURCES.has(name) && !(name === "partNumber" && operation.startsWith("UploadPart"));
  if (Object.keys(req.query).some(unsupportedHere)) return { operation, resource, refusal: s3Errors.notImplemented() };
  if (!Object.hasOwn(bindings, operation))
    return { operation, resource, refusal: unsupported(req.method, bucket, key) };
  return { operation, resource };
}

function operationOf(req: Incoming, bucket: string | undefined, key: string | undefined): string {
  const m = req.method;
  const has = (name: string) => name in req.query;
  if (bucket === undefined) return m === "GET" ? "ListBuckets" : `${m} /`;
  if (key === undefined) {
    if (has("tagging"))
      return { PUT: "PutBucketTagging", GET: "GetBucketTagging", DELETE: "DeleteBucketTagging" }[m] ?? `${m} tagging`;
    if (m === "PUT") return "CreateBucket";
    if (m === "HEAD") return "HeadBucket";
    if (m === "DELETE") return "DeleteBucket";
    if (m === "POST" && has("delete")) return "DeleteObjects";
    if (m === "GET" && has("location")) return "GetBucketLocation";
    if (m === "GET" && has("uploads")) return "ListMultipartUploads";
    if (m === "GET") return q(req, "list-type") === "2" ? "ListObjectsV2" : "ListObjects";
    return `${m} bucket`;
  }
  if (has("tagging")) return `${m} object tagging`;
  if (m === "POST" && has("uploads")) return "CreateMultipartUpload";
  if (has("uploadId")) {
    const copy = req.headers["x-amz-copy-source"] ? "UploadPartCopy" : "UploadPart";
    const byMethod: Record<string, string> = {
      PUT: copy,
      POST: "CompleteMultipartUpload",
      DELETE: "AbortMultipartUpload",
      GET: "ListParts",
    };
    return byMethod[m] ?? `${m} upload`;
  }
  if (m === "PUT") return req.headers["x-amz-copy-source"] ? "CopyObject" : "PutObject";
  if (m === "GET") return "GetObject";
  if (m === "HEAD") return "HeadObject";
  if (m === "DELETE") return "DeleteObject";
  return `${m} object`;
}

/**
 * A method S3 has no operation for on this resource is MethodNotAllowed (405), as on S3; what S3
 * has but this emulator lacks (POST form uploads, object tagging) stays NotImplemented.
 */
function unsupported(method: string, bucket: string | undefined, key: string | undefined) {
  const resourceType = bucket === undefined ? "SERVICE" : key === undefined ? "BUCKET" : "OBJECT";
  const s3Methods = ["GET", "HEAD", "PUT", "DELETE", "POST"];
  if (!s3Methods.includes(method) || resourceType === "SERVICE" || (method === "POST" && resourceType === "OBJECT"))
    return s3Errors.methodNotAllowed(method, resourceType);
  return s3Errors.notImplemented();
}

/** Content-MD5 and the flexible checksums, from headers or (aws-chunked uploads) trailers. */
function digests(req: Incoming, ctx: RequestContext): Digests {
  const found: Digests = { ContentMD5: req.headers["content-md5"] };
  for (const algorithm of CHECKSUM_ALGORITHM_NAMES)
    found[checksumMember(algorithm)] =
      req.headers[checksumHeader(algorithm)] ?? ctx.trailers[checksumHeader(algorithm)];
  return found;
}

function checksumHeaders(output: Checksums): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const algorithm of CHECKSUM_ALGORITHM_NAMES) {
    const value = output[checksumMember(algorithm)];
    if (value !== undefined) headers[checksumHeader(algorithm)] = value;
  }
  return headers;
}

/** The headers S3 stores with an object (PutObject, a replacing CopyObject); Expires as sent. */
function objectHeaderMembers(req: Incoming) {
  const h = req.headers;
  const metadata = byName(
    Object.entries(h).flatMap(([name, value]) => (name.startsWith("x-amz-meta-") ? [[name.slice(11), value]] : [])),
  );
  // aws-chunked is transfer framing, not a property of the stored object.
  const encoding = h["content-encoding"]
    ?.split(",")
    .map((e) => e.trim())
    .filter((e) => e && e !== "aws-chunked")
    .join(",");
  return {
    ContentType: h["content-type"],
    ContentEncoding: encoding || undefined,
    ContentDisposition: h["content-disposition"],
    ContentLanguage: h["content-language"],
    CacheControl: h["cache-control"],
    ExpiresString: h["expires"],
    Metadata: metadata,
  };
}

/** GetObject's and HeadObject's (the same members on the wire); S3 reads the checksum mode in any case. */
function getObjectInput(req: Incoming): Addressed<GetObjectCommandInput> {
  const h = req.headers;
  return {
    ...objectInput(req),
    Range: h["range"],
    ChecksumMode: wireEnum<ChecksumMode>(h["x-amz-checksum-mode"]?.toUpperCase()),
    IfMatch: h["if-match"],
    IfNoneMatch: h["if-none-match"],
    IfModifiedSince: httpDate(h["if-modified-since"]),
    IfUnmodifiedSince: httpDate(h["if-unmodified-since"]),
    ResponseContentType: q(req, "response-content-type"),
    ResponseContentLanguage: q(req, "response-content-language"),
    ResponseExpires: httpDate(q(req, "response-expires")),
    ResponseCacheControl: q(req, "response-cache-control"),
    ResponseContentDisposition: q(req, "response-content-disposition"),
    ResponseContentEncoding: q(req, "response-content-encoding"),
  };
}

/** An HTTP date header; one that does not parse is ignored, as HTTP says of a conditional's invalid date. */
function httpDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** GetObject's and HeadObject's reply: 206 for a range; the body only on GET (the server drops it on HEAD). */
function objectReply(output: GetObjectOutput | HeadObjectOutput, ctx: RequestContext): Reply {
  const headers: Record<string, string> = {};
  const members: [string, string | number | undefined][] = [
    ["content-type", output.ContentType],
    ["content-length", output.ContentLength],
    ["content-range", output.ContentRange],
    ["etag", output.ETag],
    ["last-modified", output.LastModified?.toUTCString()],
    ["accept-ranges", output.AcceptRanges],
    ["content-encoding", output.ContentEncoding],
    ["content-disposition", output.ContentDisposition],
    ["content-language", output.ContentLanguage],
    ["cache-control", output.CacheControl],
    ["expires", output.ExpiresString],
  ];
  for (const [name, value] of members) if (value !== undefined) headers[name] = String(value);
  for (const [name, value] of Object.entries(output.Metadata ?? {})) headers[`x-amz-meta-${name}`] = value;
  Object.assign(headers, checksumHeaders(output));
  if (output.ChecksumType !== undefined) headers["x-amz-checksum-type"] = output.ChecksumType;
  const body = "Body" in output ? output.Body : undefined;
  return { ...empty(ctx, output.ContentRange === undefined ? 200 : 206, headers), body };
}

function listingInput(req: Incoming) {
  const encoding = wireEnum<EncodingType>(q(req, "encoding-type"));
  return {
    ...bucketInput(req),
    Prefix: q(req, "prefix"),
    Delimiter: q(req, "delimiter"),
    MaxKeys: count(q(req, "max-keys"), "max-keys"),
    EncodingType: encoding,
  };
}

/** max-keys, max-parts, max-uploads: a non-negative 32-bit integer. */
function count(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !fitsType(n, "Integer"))
    throw s3Errors.invalidArgument(`Provided ${name} not an integer or within integer range`, name, raw);
  return n;
}
