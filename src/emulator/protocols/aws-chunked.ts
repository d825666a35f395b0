/**
 * `Content-Encoding: aws-chunked` bodies (S3 streaming uploads):
 *   <hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n … 0[;chunk-signature=<sig>]\r\n[<trailer>:<value>\r\n…]\r\n
 * Decoded into the payload, the per-chunk signatures (for STREAMING-AWS4-HMAC-SHA256-PAYLOAD) and the
 * trailing headers (e.g. x-amz-checksum-crc32 for STREAMING-UNSIGNED-PAYLOAD-TRAILER).
 */
export interface DecodedChunks {
  data: Buffer;
  chunks: { signature?: string; data: Buffer }[];
  trailers: Record<string, string>;
}

export class ChunkFormatError extends Error {}

export function decodeAwsChunked(body: Buffer): DecodedChunks {
  const chunks: DecodedChunks["chunks"] = [];
  let pos = 0;
  for (;;) {
    const eol = body.indexOf("\r\n", pos);
    if (eol < 0) throw new ChunkFormatError("chunk header without CRLF");
    const [sizeHex, ...exts] = body.toString("latin1", pos, eol).split(";");
    const size = Number.parseInt(sizeHex!.trim(), 16);
    if (!Number.isFinite(size) || size < 0) throw new ChunkFormatError(`bad chunk size "${sizeHex}"`);
    const signature = exts
      .map((e) => e.split("="))
      .find(([k]) => k?.trim() === "chunk-signature")?.[1]
      ?.trim();
    pos = eol + 2;
    if (body.length < pos + size) throw new ChunkFormatError("truncated chunk");
    const data = body.subarray(pos, pos + size);
    chunks.push({ signature, data });
    pos += size;
    if (size === 0) break;
    if (body.toString("latin1", pos, pos + 2) !== "\r\n") throw new ChunkFormatError("chunk without trailing CRLF");
    pos += 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of body.toString("latin1", pos).split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(chunks.map((c) => c.data)), chunks, trailers };
}
