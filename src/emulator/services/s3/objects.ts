/**
 * The object operations: PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects,
 * CopyObject, over the store, with S3's conditional requests (conditions.ts) and GetObject's
 * `response-*` header overrides.
 */
import type {
  CopyObjectCommandInput,
  CopyObjectOutput,
  DeleteObjectCommandInput,
  DeleteObjectsOutput,
  GetObjectCommandInput,
  HeadObjectCommandInput,
  HeadObjectOutput,
  PutObjectOutput,
} from "@aws-sdk/client-s3";
import { checksumMember } from "./checksums";
import { checkConditions, checkPutCondition } from "./conditions";
import { s3Errors, wellFormed } from "./errors";
import { digestsOfBuffer, digestsOfStaged, verifyIntegrity } from "./integrity";
import { parseRange, type ByteRange } from "./range";
import type { Addressed, DeleteObjectsInput, GetObjectOutput, PutObjectInput } from "./shapes";
import type { ObjectHeaders, ObjectMeta } from "./records";
import type { S3Store } from "./store";

export async function putObject(store: S3Store, input: PutObjectInput): Promise<PutObjectOutput> {
  store.bucket(input.Bucket);
  const checksum = verifyIntegrity(input, digestsOfStaged(input.Body));
  const meta = await store.putObject(input.Bucket, input.Key, input.Body, storedHeaders(input), checksum, (exists) =>
    checkPutCondition(exists, input.IfNoneMatch),
  );
  return { ETag: meta.etag, ...(checksum && { [checksumMember(checksum.algorithm)]: checksum.value }) };
}

/** The object's bytes are streamed from its file (a range, only the range's). */
export async function getObject(store: S3Store, input: Addressed<GetObjectCommandInput>): Promise<GetObjectOutput> {
  const { meta, handle } = await store.open(input.Bucket, input.Key);
  try {
    checkConditions(meta, input);
    const range = parseRange(input.Range, meta.size);
    const output = objectOutput(meta, input, range);
    const Body = handle.createReadStream({ start: range?.start ?? 0, end: range?.end ?? Math.max(0, meta.size - 1) });
    return { ...output, Body };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

// HEAD answers a Range like GET does (206, Content-Range, the range's length), without the body.
export function headObject(store: S3Store, input: Addressed<HeadObjectCommandInput>): HeadObjectOutput {
  const meta = store.head(input.Bucket, input.Key);
  checkConditions(meta, input);
  return objectOutput(meta, input, parseRange(input.Range, meta.size));
}

export async function deleteObject(
  store: S3Store,
  { Bucket, Key }: Addressed<DeleteObjectCommandInput>,
): Promise<void> {
  await store.deleteObject(Bucket, Key);
}

export async function deleteObjects(store: S3Store, input: DeleteObjectsInput): Promise<DeleteObjectsOutput> {
  const bucket = input.Bucket;
  store.bucket(bucket);
  // S3 requires an integrity check on a multi-object delete (so a bare form POST cannot delete).
  if (!verifyIntegrity(input, digestsOfBuffer(input.Body)) && input.ContentMD5 === undefined)
    throw s3Errors.invalidRequest("Missing required header for this request: Content-MD5");
  const { Objects = [], Quiet } = wellFormed(input.Delete);
  if (Objects.length === 0 || Objects.length > 1000) throw s3Errors.malformedXml();
  for (const { Key } of Objects) if (Key !== undefined) await store.deleteObject(bucket, Key);
  return { Deleted: Quiet ? [] : Objects.map(({ Key }) => ({ Key })) };
}

export async function copyObject(store: S3Store, input: Addressed<CopyObjectCommandInput>): Promise<CopyObjectOutput> {
  const { Bucket, Key } = input;
  store.bucket(Bucket);
  const source = copySource(input.CopySource ?? "");
  const replace = input.MetadataDirective === "REPLACE";
  if (source.bucket === Bucket && source.key === Key && !replace) {
    throw s3Errors.invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const { meta, handle } = await store.open(source.bucket, source.key);
  try {
    const { CopySourceIfMatch, CopySourceIfNoneMatch, CopySourceIfModifiedSince, CopySourceIfUnmodifiedSince } = input;
    checkConditions(
      meta,
      {
        IfMatch: CopySourceIfMatch,
        IfNoneMatch: CopySourceIfNoneMatch,
        IfModifiedSince: CopySourceIfModifiedSince,
        IfUnmodifiedSince: CopySourceIfUnmodifiedSince,
      },
      true,
    );
    const stream = handle.createReadStream({ autoClose: false });
    const headers = replace ? storedHeaders(input) : meta;
    const copied = await store.putObject(Bucket, Key, { stream }, headers, meta.checksum);
    return { CopyObjectResult: { LastModified: new Date(copied.lastModified), ETag: copied.etag } };
  } finally {
    await handle.close();
  }
}

export function copySource(source: string): { bucket: string; key: string } {
  const invalid = () => s3Errors.invalidArgument("Invalid copy source object key", "x-amz-copy-source", source);
  let decoded: string;
  try {
    decoded = decodeURIComponent(source.split("?")[0] ?? "").replace(/^\//, "");
  } catch {
    throw invalid(); // not valid percent-encoding
  }
  const slash = decoded.indexOf("/");
  if (slash <= 0 || slash === decoded.length - 1) throw invalid();
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

/** The headers an upload or a replacing copy stores with the object. */
export type HeaderMembers = Pick<
  PutObjectInput & CopyObjectCommandInput,
  "ContentType" | "ContentEncoding" | "ContentDisposition" | "ContentLanguage" | "CacheControl" | "Metadata"
> & { ExpiresString?: string };

export function storedHeaders(input: HeaderMembers): ObjectHeaders {
  return {
    contentType: input.ContentType ?? "binary/octet-stream",
    contentEncoding: input.ContentEncoding,
    contentDisposition: input.ContentDisposition,
    contentLanguage: input.ContentLanguage,
    cacheControl: input.CacheControl,
    expires: input.ExpiresString,
    metadata: input.Metadata ?? {},
  };
}

/** The object's headers; for a range, its Content-Range and length instead of the whole object's. */
function objectOutput(
  meta: ObjectMeta,
  input: Omit<GetObjectCommandInput, "Bucket" | "Key">,
  range: ByteRange | undefined,
): HeadObjectOutput {
  const whole = range === undefined;
  const output: HeadObjectOutput = {
    ContentType: input.ResponseContentType ?? meta.contentType,
    ContentLength: whole ? meta.size : range.end - range.start + 1,
    ContentRange: whole ? undefined : `bytes ${range.start}-${range.end}/${meta.size}`,
    ETag: meta.etag,
    LastModified: new Date(meta.lastModified),
    AcceptRanges: "bytes",
    ContentEncoding: input.ResponseContentEncoding ?? meta.contentEncoding,
    ContentDisposition: input.ResponseContentDisposition ?? meta.contentDisposition,
    ContentLanguage: input.ResponseContentLanguage ?? meta.contentLanguage,
    CacheControl: input.ResponseCacheControl ?? meta.cacheControl,
    ExpiresString: input.ResponseExpires?.toUTCString() ?? meta.expires,
    Metadata: meta.metadata,
  };
  // A checksum describes the whole object, so S3 returns it only for whole-object reads that ask.
  if (whole && meta.checksum && input.ChecksumMode === "ENABLED") {
    output[checksumMember(meta.checksum.algorithm)] = meta.checksum.value;
    output.ChecksumType = "FULL_OBJECT";
  }
  return output;
}
