/**
 * S3's REST bindings (moto's responses.py): which operation a method/path/query means, request
 * headers → store calls, results → headers and XML. Behaviour stays in store.ts.
 */
import type { Incoming, Reply } from "../../http";
import { queryValue } from "../../http";
import { asServiceError } from "../../errors";
import { restXmlErrorReply, s3Headers, xmlReply } from "../../protocols/restXml";
import { parseXml } from "../../protocols/xml";
import type { Exchange, ProtocolHandler, RequestContext } from "../../protocols/types";
import { s3Address } from "./addressing";
import { CHECKSUM_ALGORITHMS, checksumBase64, checksumHeader, md5 as md5Digest, type ChecksumAlgorithm } from "./checksums";
import { s3Errors } from "./errors";
import { parseRange, type ByteRange } from "./range";
import { utf8Order, type ListPage, type ObjectHeaders, type ObjectMeta, type S3Store, type Tag } from "./store";

const OWNER = { ID: "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a", DisplayName: "emulator" };

/** S3 sub-resources this emulator does not implement: answered NotImplemented, never misread as another operation. */
const UNSUPPORTED_SUBRESOURCES = new Set(
  "accelerate acl analytics attributes cors encryption intelligent-tiering inventory legal-hold lifecycle logging metrics notification object-lock ownershipControls partNumber policy policyStatus publicAccessBlock replication requestPayment restore retention select torrent uploadId uploads versioning versions website".split(" "),
);

interface S3Request {
  req: Incoming;
  ctx: RequestContext;
  bucket: string;
  key: string;
}

type S3Operation = (r: S3Request) => Promise<Reply>;

export function s3Handler(store: S3Store): ProtocolHandler {
  const ops = s3Operations(store);
  return async (req, ctx): Promise<Exchange> => {
    const { bucket, key } = s3Address(req.headers["host"] ?? "", req.rawPath);
    const operation = operationOf(req, bucket, key);
    const resource = bucket === undefined ? undefined : key === undefined ? bucket : `${bucket}/${key}`;
    try {
      if (Object.keys(req.query).some((q) => UNSUPPORTED_SUBRESOURCES.has(q))) throw s3Errors.notImplemented();
      const op = ops[operation];
      if (!op) throw unsupported(req.method, bucket, key);
      const reply = await op({ req, ctx, bucket: bucket ?? "", key: key ?? "" });
      return { operation, resource, reply };
    } catch (e) {
      const error = asServiceError(e);
      return { operation, resource, reply: restXmlErrorReply(error, ctx.requestId, req.method), error };
    }
  };
}

/**
 * A method S3 has no operation for on this resource is MethodNotAllowed (405), as on S3; what S3
 * has but this emulator lacks (POST form uploads, object tagging) stays NotImplemented.
 */
function unsupported(method: string, bucket: string | undefined, key: string | undefined) {
  const resourceType = bucket === undefined ? "SERVICE" : key === undefined ? "BUCKET" : "OBJECT";
  const s3Methods = ["GET", "HEAD", "PUT", "DELETE", "POST"];
  if (!s3Methods.includes(method) || resourceType === "SERVICE" || (method === "POST" && resourceType === "OBJECT")) return s3Errors.methodNotAllowed(method, resourceType);
  return s3Errors.notImplemented();
}

function operationOf(req: Incoming, bucket: string | undefined, key: string | undefined): string {
  const m = req.method;
  const has = (q: string) => q in req.query;
  if (bucket === undefined) return m === "GET" ? "ListBuckets" : `${m} /`;
  if (key === undefined) {
    if (has("tagging")) return { PUT: "PutBucketTagging", GET: "GetBucketTagging", DELETE: "DeleteBucketTagging" }[m] ?? `${m} tagging`;
    if (m === "PUT") return "CreateBucket";
    if (m === "HEAD") return "HeadBucket";
    if (m === "DELETE") return "DeleteBucket";
    if (m === "POST" && has("delete")) return "DeleteObjects";
    if (m === "GET" && has("location")) return "GetBucketLocation";
    if (m === "GET") return queryValue(req.query, "list-type") === "2" ? "ListObjectsV2" : "ListObjects";
    return `${m} bucket`;
  }
  if (has("tagging")) return `${m} object tagging`;
  if (m === "PUT") return req.headers["x-amz-copy-source"] ? "CopyObject" : "PutObject";
  if (m === "GET") return "GetObject";
  if (m === "HEAD") return "HeadObject";
  if (m === "DELETE") return "DeleteObject";
  return `${m} object`;
}

function s3Operations(store: S3Store): Record<string, S3Operation | undefined> {
  const ok = (ctx: RequestContext, status = 200, headers: Record<string, string> = {}): Reply => ({ status, headers: { ...s3Headers(ctx.requestId), ...headers } });

  return {
    async ListBuckets({ ctx }) {
      const buckets = store.listBuckets().map((b) => ({ Name: b.name, CreationDate: new Date(b.created), BucketRegion: b.region }));
      return xmlReply("ListAllMyBucketsResult", { Owner: OWNER, Buckets: { Bucket: buckets } }, ctx.requestId);
    },

    async CreateBucket({ ctx, bucket }) {
      const region = bucketRegion(ctx.region, locationConstraint(ctx.body));
      const created = await store.createBucket(bucket, region);
      // A us-east-1 bucket re-created through us-east-1 answers 200 (a documented legacy behaviour); otherwise 409.
      if (!created && !(ctx.region === "us-east-1" && store.bucket(bucket).region === "us-east-1")) throw s3Errors.bucketAlreadyOwnedByYou(bucket);
      return ok(ctx, 200, { location: `/${bucket}` });
    },

    async HeadBucket({ ctx, bucket }) {
      return ok(ctx, 200, { "x-amz-bucket-region": store.bucket(bucket).region });
    },

    async GetBucketLocation({ ctx, bucket }) {
      const region = store.bucket(bucket).region;
      return xmlReply("LocationConstraint", region === "us-east-1" ? "" : region, ctx.requestId);
    },

    async PutBucketTagging({ req, ctx, bucket }) {
      store.bucket(bucket);
      verifyIntegrity(req, ctx, ctx.body);
      await store.setBucketTags(bucket, tagSet(ctx.body));
      return ok(ctx, 204);
    },

    async GetBucketTagging({ ctx, bucket }) {
      const { tags } = store.bucket(bucket);
      if (!tags) throw s3Errors.noSuchTagSet(bucket);
      return xmlReply("Tagging", { TagSet: { Tag: tags } }, ctx.requestId);
    },

    async DeleteBucketTagging({ ctx, bucket }) {
      await store.setBucketTags(bucket, undefined);
      return ok(ctx, 204);
    },

    async DeleteBucket({ ctx, bucket }) {
      await store.deleteBucket(bucket);
      return ok(ctx, 204);
    },

    async PutObject({ req, ctx, bucket, key }) {
      store.bucket(bucket);
      const checksum = verifyIntegrity(req, ctx, ctx.body);
      const meta = await store.putObject(bucket, key, ctx.body, objectHeaders(req), checksum);
      const headers: Record<string, string> = { etag: meta.etag };
      if (checksum) headers[checksumHeader(checksum.algorithm)] = checksum.value;
      return ok(ctx, 200, headers);
    },

    async GetObject({ req, ctx, bucket, key }) {
      const { meta, data } = await store.get(bucket, key);
      const range = parseRange(req.headers["range"], meta.size);
      const reply = ok(ctx, range ? 206 : 200, objectReplyHeaders(meta, req, range));
      return { ...reply, body: range ? data.subarray(range.start, range.end + 1) : data };
    },

    // HEAD answers a Range like GET does (206, Content-Range, the range's length), without the body.
    async HeadObject({ req, ctx, bucket, key }) {
      const meta = store.head(bucket, key);
      const range = parseRange(req.headers["range"], meta.size);
      return ok(ctx, range ? 206 : 200, objectReplyHeaders(meta, req, range));
    },

    async DeleteObject({ ctx, bucket, key }) {
      await store.deleteObject(bucket, key);
      return ok(ctx, 204);
    },

    async DeleteObjects({ req, ctx, bucket }) {
      store.bucket(bucket);
      // S3 requires an integrity check on a multi-object delete (so a bare form POST cannot delete).
      if (!verifyIntegrity(req, ctx, ctx.body) && req.headers["content-md5"] === undefined) throw s3Errors.invalidRequest("Missing required header for this request: Content-MD5");
      const { keys, quiet } = deleteRequest(ctx.body);
      for (const key of keys) await store.deleteObject(bucket, key);
      return xmlReply("DeleteResult", { Deleted: quiet ? [] : keys.map((Key) => ({ Key })) }, ctx.requestId);
    },

    async ListObjectsV2({ req, ctx, bucket }) {
      const { q, prefix, delimiter, maxKeys, enc, listed } = listing(req);
      const page = store.list(bucket, { prefix, delimiter, maxKeys, continuationToken: q("continuation-token"), startAfter: q("start-after") });
      return xmlReply(
        "ListBucketResult",
        {
          Name: bucket,
          Prefix: enc(prefix),
          Delimiter: enc(delimiter),
          MaxKeys: maxKeys,
          KeyCount: page.contents.length + page.commonPrefixes.length,
          IsTruncated: page.isTruncated,
          EncodingType: q("encoding-type") === "url" ? "url" : undefined,
          ContinuationToken: q("continuation-token"),
          NextContinuationToken: page.nextContinuationToken,
          StartAfter: enc(q("start-after")),
          ...listed(page, q("fetch-owner") === "true"),
        },
        ctx.requestId,
      );
    },

    // v1: Marker instead of continuation tokens, the owner always listed; NextMarker only with a
    // delimiter (without one, a client continues from the last key, as S3 documents).
    async ListObjects({ req, ctx, bucket }) {
      const { q, prefix, delimiter, maxKeys, enc, listed } = listing(req);
      const marker = q("marker");
      const page = store.list(bucket, { prefix, delimiter, maxKeys, marker });
      const last = [...page.contents.map((o) => o.key), ...page.commonPrefixes].sort(utf8Order).at(-1);
      return xmlReply(
        "ListBucketResult",
        {
          Name: bucket,
          Prefix: enc(prefix),
          Marker: enc(marker ?? ""),
          NextMarker: page.isTruncated && delimiter !== undefined ? enc(last) : undefined,
          MaxKeys: maxKeys,
          Delimiter: enc(delimiter),
          IsTruncated: page.isTruncated,
          EncodingType: q("encoding-type") === "url" ? "url" : undefined,
          ...listed(page, true),
        },
        ctx.requestId,
      );
    },

    async CopyObject({ req, ctx, bucket, key }) {
      store.bucket(bucket);
      const source = copySource(req.headers["x-amz-copy-source"]!);
      const replace = req.headers["x-amz-metadata-directive"] === "REPLACE";
      if (source.bucket === bucket && source.key === key && !replace) {
        throw s3Errors.invalidRequest(
          "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
        );
      }
      const { meta, data } = await store.get(source.bucket, source.key);
      const copied = await store.putObject(bucket, key, data, replace ? objectHeaders(req) : meta, meta.checksum);
      return xmlReply("CopyObjectResult", { LastModified: new Date(copied.lastModified), ETag: copied.etag }, ctx.requestId);
    },
  };
}

/**
 * The region a bucket is created in (the CreateBucket reference): through us-east-1 (the global
 * endpoint) the LocationConstraint names it, us-east-1 by default and never by name; through
 * another region the constraint must name that region.
 */
function bucketRegion(signedFor: string, location: string | undefined): string {
  if (signedFor === "us-east-1") {
    if (location === "us-east-1") throw s3Errors.invalidLocationConstraint();
    return location ?? "us-east-1";
  }
  if (location !== signedFor) throw s3Errors.illegalLocationConstraint(location);
  return location;
}

/** What both ListObjects versions read from the query and write for each page. */
function listing(req: Incoming) {
  const q = (name: string) => queryValue(req.query, name);
  const urlEncoded = q("encoding-type") === "url";
  const enc = (s: string | undefined) => (s !== undefined && urlEncoded ? encodeURIComponent(s) : s);
  const listed = (page: ListPage, withOwner: boolean) => ({
    Contents: page.contents.map((o) => ({
      Key: enc(o.key),
      LastModified: new Date(o.lastModified),
      ETag: o.etag,
      ChecksumAlgorithm: o.checksum && CHECKSUM_ALGORITHMS[o.checksum.algorithm].name,
      Size: o.size,
      Owner: withOwner ? OWNER : undefined,
      StorageClass: "STANDARD",
    })),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
  });
  return { q, prefix: q("prefix") ?? "", delimiter: q("delimiter") || undefined, maxKeys: parseMaxKeys(q("max-keys")), enc, listed };
}

/** PutBucketTagging's `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>`. */
function tagSet(body: Buffer): Tag[] {
  const tagging = parseXmlOrMalformed(body)["Tagging"] as Record<string, unknown> | undefined;
  const set = tagging?.["TagSet"];
  if (set === undefined || set === null || typeof set !== "object") {
    if (set === "") return []; // an empty <TagSet/>
    throw s3Errors.malformedXml();
  }
  const tags = (set as Record<string, unknown>)["Tag"];
  const list = (Array.isArray(tags) ? tags : tags === undefined ? [] : [tags]) as Record<string, unknown>[];
  return list.map((t) => {
    const Key = t?.["Key"];
    const Value = t?.["Value"] ?? "";
    if (typeof Key !== "string" || typeof Value !== "string") throw s3Errors.malformedXml();
    return { Key, Value };
  });
}

function locationConstraint(body: Buffer): string | undefined {
  if (body.length === 0) return undefined;
  const parsed = parseXmlOrMalformed(body);
  const config = parsed["CreateBucketConfiguration"] as Record<string, unknown> | undefined;
  const location = config?.["LocationConstraint"];
  return typeof location === "string" && location !== "" ? location : undefined;
}

function deleteRequest(body: Buffer): { keys: string[]; quiet: boolean } {
  const del = parseXmlOrMalformed(body)["Delete"] as Record<string, unknown> | undefined;
  const objects = del?.["Object"];
  const list = (Array.isArray(objects) ? objects : objects === undefined ? [] : [objects]) as Record<string, unknown>[];
  const keys = list.map((o) => o["Key"]);
  if (!del || keys.length === 0 || keys.length > 1000 || keys.some((k) => typeof k !== "string")) throw s3Errors.malformedXml();
  return { keys: keys as string[], quiet: del["Quiet"] === "true" };
}

function parseXmlOrMalformed(body: Buffer): Record<string, unknown> {
  try {
    return parseXml(body);
  } catch {
    throw s3Errors.malformedXml();
  }
}

function parseMaxKeys(raw: string | undefined): number {
  if (raw === undefined) return 1000;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw s3Errors.invalidArgument("Provided max-keys not an integer or within integer range", "max-keys", raw);
  return Math.min(n, 1000);
}

function copySource(header: string): { bucket: string; key: string } {
  const invalid = () => s3Errors.invalidArgument("Invalid copy source object key", "x-amz-copy-source", header);
  let decoded: string;
  try {
    decoded = decodeURIComponent(header.split("?")[0]!).replace(/^\//, "");
  } catch {
    throw invalid(); // not valid percent-encoding
  }
  const slash = decoded.indexOf("/");
  if (slash <= 0 || slash === decoded.length - 1) throw invalid();
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

/**
 * Checks Content-MD5 and a flexible checksum (header, or aws-chunked trailer) against the body;
 * returns the checksum to keep with the object.
 */
function verifyIntegrity(req: Incoming, ctx: RequestContext, body: Buffer): ObjectMeta["checksum"] {
  const md5 = req.headers["content-md5"];
  if (md5 !== undefined) {
    if (!/^[A-Za-z0-9+/]{22}==$/.test(md5)) throw s3Errors.invalidDigest();
    if (md5 !== md5Digest(body).toString("base64")) throw s3Errors.badContentMd5();
  }
  for (const algorithm of Object.keys(CHECKSUM_ALGORITHMS) as ChecksumAlgorithm[]) {
    const name = checksumHeader(algorithm);
    const value = req.headers[name] ?? ctx.trailers[name];
    if (value === undefined) continue;
    if (value !== checksumBase64(algorithm, body)) throw s3Errors.badDigest(CHECKSUM_ALGORITHMS[algorithm].name);
    return { algorithm, value };
  }
  return undefined;
}

function objectHeaders(req: Incoming): ObjectHeaders {
  const h = req.headers;
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(h)) if (name.startsWith("x-amz-meta-")) metadata[name.slice(11)] = value;
  // aws-chunked is transfer framing, not a property of the stored object.
  const encoding = h["content-encoding"]?.split(",").map((e) => e.trim()).filter((e) => e && e !== "aws-chunked").join(",");
  return {
    contentType: h["content-type"] ?? "binary/octet-stream",
    contentEncoding: encoding || undefined,
    contentDisposition: h["content-disposition"],
    contentLanguage: h["content-language"],
    cacheControl: h["cache-control"],
    expires: h["expires"],
    metadata,
  };
}

/** The object's headers; for a range, its Content-Range and length instead of the whole object's. */
function objectReplyHeaders(meta: ObjectMeta, req: Incoming, range: ByteRange | undefined): Record<string, string> {
  const whole = range === undefined;
  const headers: Record<string, string> = {
    "content-type": meta.contentType,
    "content-length": String(whole ? meta.size : range.end - range.start + 1),
    ...(whole ? {} : { "content-range": `bytes ${range.start}-${range.end}/${meta.size}` }),
    etag: meta.etag,
    "last-modified": new Date(meta.lastModified).toUTCString(),
    "accept-ranges": "bytes",
  };
  const optional: [string, string | undefined][] = [
    ["content-encoding", meta.contentEncoding],
    ["content-disposition", meta.contentDisposition],
    ["content-language", meta.contentLanguage],
    ["cache-control", meta.cacheControl],
    ["expires", meta.expires],
  ];
  for (const [name, value] of optional) if (value !== undefined) headers[name] = value;
  for (const [name, value] of Object.entries(meta.metadata)) headers[`x-amz-meta-${name}`] = value;
  // A checksum describes the whole object, so S3 returns it only for whole-object reads that ask.
  if (whole && meta.checksum && req.headers["x-amz-checksum-mode"]?.toUpperCase() === "ENABLED") {
    headers[checksumHeader(meta.checksum.algorithm)] = meta.checksum.value;
    headers["x-amz-checksum-type"] = "FULL_OBJECT";
  }
  return headers;
}
