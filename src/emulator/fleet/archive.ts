/**
 * Whether bytes are a gzip-compressed tar archive, as SageMaker checks before extracting model data:
 * gunzip must succeed and the first tar header's checksum must be right. The archive is inflated
 * as a stream, off the event loop, keeping only the first tar block and counting the rest: a gzip
 * bomb costs time on a worker thread up to the cap, never memory, and fails the check past it.
 */
import { createGunzip } from "node:zlib";
import { DEFAULT_ARCHIVE_LIMITS } from "../../models/archive/limits";
import { tarChecksumMatches, TAR_BLOCK as BLOCK } from "../../models/archive/tar-header";

/** What the model readers accept (src/models/archive/limits.ts), plus tar headers and end blocks. */
const MAX_INFLATED_BYTES = DEFAULT_ARCHIVE_LIMITS.maxTotalBytes + 64 * BLOCK;

export async function isTarGz(bytes: Uint8Array, maxInflatedBytes = MAX_INFLATED_BYTES): Promise<boolean> {
  const first = await firstBlock(bytes, maxInflatedBytes);
  return first !== undefined && tarChecksumMatches(first);
}

/** The first 512 inflated bytes, or undefined if the stream is not gzip, is shorter, or inflates past the cap. */
function firstBlock(bytes: Uint8Array, maxInflatedBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    // Large chunks: a bomb is a billion bytes of output, and each chunk is an event on the loop.
    const gunzip = createGunzip({ chunkSize: 1024 * 1024 });
    const head: Buffer[] = [];
    let headBytes = 0;
    let total = 0;
    gunzip.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxInflatedBytes) {
        gunzip.destroy();
        resolve(undefined);
        return;
      }
      if (headBytes < BLOCK) {
        head.push(chunk.subarray(0, BLOCK - headBytes));
        headBytes += Math.min(chunk.length, BLOCK - headBytes);
      }
    });
    gunzip.on("error", () => resolve(undefined));
    gunzip.on("end", () => resolve(headBytes < BLOCK ? undefined : Buffer.concat(head)));
    gunzip.end(bytes);
  });
}
