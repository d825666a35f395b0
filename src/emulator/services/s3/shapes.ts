/**
 * The S3 operations' inputs and outputs, with the API model's member names. The restXml
 * bindings (http.ts) build the inputs from the path, query, headers and body,
 * and write the outputs back as status, headers and XML.
 */
import type { CHECKSUM_ALGORITHMS } from "./checksums";

type ChecksumName = (typeof CHECKSUM_ALGORITHMS)[keyof typeof CHECKSUM_ALGORITHMS]["name"];
export interface Tag {
  Key: string;
  Value: string;
}

/** ChecksumCRC32, ChecksumCRC32C, ChecksumSHA1, ChecksumSHA256: base64 digests. */
export type ChecksumMember = `Checksum${ChecksumName}`;
export type Checksums = Partial<Record<ChecksumMember, string>>;

export interface BucketInput {
  Bucket: string;
}

export interface ObjectInput extends BucketInput {
  Key: string;
}

/** Digests a client sent with a body: Content-MD5 and flexible checksums (headers or aws-chunked trailers). */
export interface Digests extends Checksums {
  ContentMD5?: string;
}

/** The headers S3 stores with an object and gives back. */
export interface ObjectHeaderMembers {
  ContentType?: string;
  ContentEncoding?: string;
  ContentDisposition?: string;
  ContentLanguage?: string;
  CacheControl?: string;
  Expires?: string;
  Metadata: Record<string, string>;
}

/** An XML body as S3 reads it; `undefined` when it is not well-formed or not of the schema's shape (MalformedXML, answered in S3's order of checks). */
export type XmlBody<T> = T | undefined;

export interface CreateBucketInput extends BucketInput {
  CreateBucketConfiguration?: { LocationConstraint?: string };
}

export interface PutBucketTaggingInput extends BucketInput, Digests {
  Body: Buffer;
  Tagging: XmlBody<{ TagSet: Tag[] }>;
}

export interface PutObjectInput extends ObjectInput, Digests, ObjectHeaderMembers {
  Body: Buffer;
}

export interface GetObjectInput extends ObjectInput {
  Range?: string;
  ChecksumMode?: string;
}

/** GetObject's and HeadObject's (without Body). */
export interface GetObjectOutput extends ObjectHeaderMembers, Checksums {
  Body?: Buffer;
  ContentType: string;
  ContentLength: number;
  ContentRange?: string;
  ETag: string;
  LastModified: Date;
  AcceptRanges: "bytes";
  ChecksumType?: "FULL_OBJECT";
}

export interface DeleteObjectsInput extends BucketInput, Digests {
  Body: Buffer;
  Delete: XmlBody<{ Objects: { Key: string }[]; Quiet: boolean }>;
}

/** What both ListObjects versions take. */
export interface ListingInput extends BucketInput {
  Prefix?: string;
  Delimiter?: string;
  MaxKeys?: number;
  EncodingType?: string;
}

export interface ListObjectsInput extends ListingInput {
  Marker?: string;
}

export interface ListObjectsV2Input extends ListingInput {
  ContinuationToken?: string;
  StartAfter?: string;
  FetchOwner: boolean;
}

export interface CopyObjectInput extends ObjectInput, ObjectHeaderMembers {
  CopySource: string;
  MetadataDirective?: string;
}
