/**
 * Large request bodies (S3 PutObject) streamed to a temp file in the state directory instead of
 * memory: the payload passes through the signature's reader (aws-chunked framing removed, chunk
 * signatures and the payload hash checked) and the digests the service asked for, then to disk.
 * Memory held per body is a few socket reads, whatever its size. The file is synced before the
 * service sees it, so the service can rename it into place atomically; the caller removes it
 * after the request in every case (a no-op once it was renamed).
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { join } from "node:path";
import type { PayloadReader } from "./auth/sigv4";
import type { ServiceError } from "./errors";
import { BodyError, bodyFailure, bodyTooLarge, type Incoming } from "./http";

/** An incremental digest (node:crypto's Hash has this shape). */
export interface Digest {
  update(data: Uint8Array): unknown;
  digest(): Buffer;
}

/** What a service asks of a body it wants on disk. */
export interface SpoolRequest {
  /** The operation, for the log when the body cannot be taken. */
  operation: string;
  /** Where the temp file goes: beside the service's files, so a rename puts it in place. */
  dir: string;
  /** Digests computed over the payload as it passes (e.g. md5 for the ETag, the client's checksum). */
  digests: Record<string, () => Digest>;
  /** The most payload bytes taken. */
  maxBytes: number;
  /** The service's answer to a body that could not be written (a full disk); undefined: not the service's to answer. */
  refusal(error: unknown): ServiceError | undefined;
}

/** A body received whole and checked against its signature, in a synced temp file. */
export interface StagedBody {
  path: string;
  size: number;
  digests: Record<string, Buffer>;
}

export interface Spooled {
  body: StagedBody;
  trailers: Record<string, string>;
}

/** Bytes of aws-chunked framing allowed beyond the payload's cap (chunk headers of 8 KiB chunks and more). */
const FRAMING_ALLOWANCE = 1.02;

/**
 * Streams the body of `msg` through `reader` into a temp file under `request.dir`. A failure
 * while writing (a full disk) or reading the payload (a bad chunk signature) stops the writing but
 * not the reading: the rest of the body is drained, so the client gets the answer rather than a
 * reset, and the error is thrown once the body has ended. A body past the cap is refused at once.
 * Nothing is left behind on failure.
 */
export async function spoolBody(
  msg: AsyncIterable<Buffer>,
  head: Incoming,
  reader: PayloadReader,
  request: SpoolRequest,
): Promise<Spooled> {
  const tooLarge = () => bodyTooLarge(head, request.maxBytes);
  const declared = Number(head.headers["x-amz-decoded-content-length"] ?? head.headers["content-length"] ?? 0);
  if (declared > request.maxBytes) throw tooLarge();
  const rawCap = Math.ceil(request.maxBytes * FRAMING_ALLOWANCE) + 64 * 1024;
  const path = join(request.dir, `${randomBytes(16).toString("hex")}.tmp`);
  const digests = Object.entries(request.digests).map(([name, make]) => [name, make()] as const);
  const file = await fs.open(path, "wx", 0o600);
  let size = 0;
  let raw = 0;
  let failure: Error | undefined;
  try {
    try {
      for await (const chunk of msg) {
        raw += chunk.length;
        if (raw > rawCap) throw tooLarge();
        if (failure !== undefined) continue;
        try {
          for (const piece of reader.push(chunk)) {
            size += piece.length;
            if (size > request.maxBytes) throw tooLarge();
            for (const [, digest] of digests) digest.update(piece);
            await file.write(piece);
          }
        } catch (e) {
          if (e instanceof BodyError) throw e;
          failure = e instanceof Error ? e : new Error(String(e));
        }
      }
    } catch (e) {
      throw bodyFailure(head, e);
    }
    if (failure !== undefined) throw failure;
    const trailers = await reader.end();
    await file.sync();
    return { body: { path, size, digests: Object.fromEntries(digests.map(([n, d]) => [n, d.digest()])) }, trailers };
  } catch (e) {
    await fs.rm(path, { force: true });
    throw e;
  } finally {
    await file.close();
  }
}

/** Removes a staged body's file if the service did not take it. */
export const discardStaged = (body: StagedBody | undefined): Promise<void> =>
  body ? fs.rm(body.path, { force: true }) : Promise.resolve();
