/**
 * Reads a `.tar.gz` as a stream: zlib inflates it on libuv's thread pool, chunk by chunk, and the
 * tar is read as the chunks arrive, keeping only the members asked for. Memory holds the
 * compressed archive, one chunk and the kept members; a gzip bomb costs the pool time up to the
 * size cap, never memory, and the event loop only a few microseconds a chunk.
 */
import { createGunzip } from "node:zlib";
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from "./limits";
import { checkGzip, inflateError, maxInflatedBytes } from "./tar-gz";
import { type KeepMember, TarReader, type TarMembers } from "./tar-reader";

/** Large chunks: a bomb is hundreds of megabytes of output, and each chunk is an event on the loop. */
const CHUNK_BYTES = 1024 * 1024;

export async function readTarGzStreamed(
  bytes: Uint8Array,
  archive: string,
  keep: KeepMember,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<TarMembers> {
  checkGzip(bytes, archive, limits);
  const reader = new TarReader(archive, limits, keep);
  const cap = maxInflatedBytes(limits);
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
    let inflated = 0;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      gunzip.destroy();
      reject(err);
    };
    gunzip.on("data", (chunk: Buffer) => {
      if (settled) return;
      inflated += chunk.length;
      if (inflated > cap) return fail(inflateError(new RangeError("output cap"), archive, limits));
      try {
        reader.push(chunk);
      } catch (err) {
        fail(err as Error);
      }
    });
    gunzip.on("error", (err) => fail(inflateError(err, archive, limits)));
    gunzip.on("end", () => {
      if (settled) return;
      let members: TarMembers;
      try {
        members = reader.end();
      } catch (err) {
        return fail(err as Error);
      }
      settled = true;
      resolve(members);
    });
    gunzip.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  });
}
