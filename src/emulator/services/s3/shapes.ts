/**
 * The S3 operations' inputs and outputs are the SDK's own (@aws-sdk/client-s3, types only: the
 * emulator never calls the SDK). The restXml bindings (http.ts) fill them from the path, query,
 * headers and body. What a behaviour needs and the SDK's type cannot carry is added here, each
 * with the reason.
 */
import type { Readable } from "node:stream";
import type {
  DeleteObjectsCommandInput,
  GetObjectOutput as SdkGetObjectOutput,
  PutBucketTaggingCommandInput,
  PutObjectCommandInput,
  Tag as SdkTag,
} from "@aws-sdk/client-s3";
import type { StagedBody } from "../../body-spool";
import type { CHECKSUM_ALGORITHMS } from "./checksums";

type ChecksumName = (typeof CHECKSUM_ALGORITHMS)[keyof typeof CHECKSUM_ALGORITHMS]["name"];

/** ChecksumCRC32, ChecksumCRC32C, ChecksumSHA1, ChecksumSHA256: base64 digests. */
export type ChecksumMember = `Checksum${ChecksumName}`;
export type Checksums = Pick<PutObjectCommandInput, ChecksumMember>;

/**
 * An input with its bucket (and key) named. The SDK types them `string | undefined`, required
 * only by its serializer; here the route guarantees them (the request's path names them).
 */
export type Addressed<T> = T & { Bucket: string } & ("Key" extends keyof T ? { Key: string } : unknown);

/** A stored tag: the SDK's Tag with both members present (S3 refuses a tag without them). */
export type Tag = { [K in keyof SdkTag]-?: NonNullable<SdkTag[K]> };

/**
 * Digests a client sent with a body: Content-MD5 and flexible checksums, from headers or
 * aws-chunked trailers. The SDK's inputs carry the checksum values for PutObject only (for
 * PutBucketTagging and DeleteObjects they name just the algorithm), yet S3 checks them on every body.
 */
export type Digests = Pick<PutObjectCommandInput, "ContentMD5" | ChecksumMember>;

/**
 * PutObject as received. Body: the SDK's is a source still to be read (string, stream, Blob); the
 * emulator's was streamed to disk while its signature and digests were checked (body-spool.ts).
 * ExpiresString: S3 keeps the Expires header as sent (GetObject's ExpiresString), the SDK's input
 * has it only as a Date.
 */
export type PutObjectInput = Addressed<Omit<PutObjectCommandInput, "Body" | "Expires">> & {
  Body: StagedBody;
  ExpiresString?: string;
};

/**
 * An operation whose XML body S3 reads only after checking the bucket and the body's digests: the
 * parsed member is undefined when the body is not well-formed or not of the schema's shape
 * (MalformedXML, answered in S3's order), and the body's bytes come along for the digests.
 */
type XmlBodied<Input, Member extends keyof Input> = Omit<Input, Member> & {
  [K in Member]: Input[K] | undefined;
} & Digests & {
    Body: Buffer;
  };

export type PutBucketTaggingInput = Addressed<XmlBodied<PutBucketTaggingCommandInput, "Tagging">>;
export type DeleteObjectsInput = Addressed<XmlBodied<DeleteObjectsCommandInput, "Delete">>;

/** GetObject's output with its body streamed from the object's file (the SDK's is a client-side stream mixin). */
export type GetObjectOutput = Omit<SdkGetObjectOutput, "Body"> & { Body?: Readable };
