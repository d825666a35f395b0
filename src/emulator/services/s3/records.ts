/** What the S3 store keeps about an object besides its bytes (store.ts, multipart-store.ts). */
import type { ChecksumAlgorithm } from "./checksums";

/** The headers S3 keeps with an object and gives back. */
export interface ObjectHeaders {
  contentType: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
  metadata: Record<string, string>;
}

export interface ObjectMeta extends ObjectHeaders {
  key: string;
  blob: string;
  size: number;
  etag: string;
  lastModified: number;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}
