/**
 * `Content-Encoding: aws-chunked` bodies (S3 streaming uploads):
 *   <hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n … 0[;chunk-signature=<sig>]\r\n[<trailer>:<value>\r\n…]\r\n
 * Decoded incrementally, as the body arrives: the payload bytes pass through, each chunk's end is
 * reported with its signature (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), and the trailing headers
 * (e.g. x-amz-checksum-crc32 for STREAMING-UNSIGNED-PAYLOAD-TRAILER) come at the end. Only a
 * chunk's header line and the trailers are buffered, each within a small cap.
 */
export class ChunkFormatError extends Error {}

export interface ChunkListener {
  /** Payload bytes of the current chunk (a chunk may arrive in many pieces). */
  data(piece: Buffer): void;
  /** The current chunk is complete (also the final, empty one). */
  chunkEnd(signature: string | undefined): void;
}

/** A chunk header line (size and extensions) or the trailer section longer than this is not aws-chunked. */
const MAX_LINE = 4096;
const MAX_TRAILERS = 16 * 1024;

type State = "header" | "data" | "dataEnd" | "trailers" | "done";

export class AwsChunkedDecoder {
  private state: State = "header";
  private pending = Buffer.alloc(0);
  private remaining = 0;
  private signature: string | undefined;
  private readonly trailerLines: string[] = [];
  private trailerBytes = 0;

  constructor(private readonly listener: ChunkListener) {}

  push(input: Buffer): void {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, input]) : input;
    this.pending = Buffer.alloc(0);
    while (buf.length > 0) {
      if (this.state === "data") {
        const take = Math.min(this.remaining, buf.length);
        this.listener.data(buf.subarray(0, take));
        this.remaining -= take;
        buf = buf.subarray(take);
        if (this.remaining === 0) this.state = "dataEnd";
        continue;
      }
      if (this.state === "done") return; // nothing follows the trailers' blank line
      const eol = buf.indexOf("\r\n");
      if (eol < 0) {
        if (buf.length > (this.state === "trailers" ? MAX_TRAILERS : MAX_LINE))
          throw new ChunkFormatError("chunk header without CRLF");
        this.pending = Buffer.from(buf);
        return;
      }
      const line = buf.toString("latin1", 0, eol);
      buf = buf.subarray(eol + 2);
      this.line(line);
    }
  }

  /** The trailing headers; throws when the body ended before its final chunk. A last trailer line may lack its CRLF. */
  end(): Record<string, string> {
    if (this.state === "trailers") {
      if (this.pending.length > 0) this.trailerLines.push(this.pending.toString("latin1"));
    } else if (this.state !== "done") throw new ChunkFormatError("truncated chunk");
    const trailers: Record<string, string> = {};
    for (const line of this.trailerLines) {
      const colon = line.indexOf(":");
      if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return trailers;
  }

  private line(line: string): void {
    switch (this.state) {
      case "header": {
        const [sizeHex, ...exts] = line.split(";");
        const size = /^\s*[0-9a-fA-F]{1,16}\s*$/.test(sizeHex!) ? Number.parseInt(sizeHex!.trim(), 16) : NaN;
        if (!Number.isSafeInteger(size)) throw new ChunkFormatError(`bad chunk size "${sizeHex}"`);
        this.signature = exts
          .map((e) => e.split("="))
          .find(([k]) => k?.trim() === "chunk-signature")?.[1]
          ?.trim();
        if (size === 0) {
          this.listener.chunkEnd(this.signature);
          this.state = "trailers";
        } else {
          this.remaining = size;
          this.state = "data";
        }
        return;
      }
      case "dataEnd":
        if (line !== "") throw new ChunkFormatError("chunk without trailing CRLF");
        this.listener.chunkEnd(this.signature);
        this.state = "header";
        return;
      case "trailers":
        if (line === "") {
          this.state = "done";
          return;
        }
        this.trailerBytes += line.length + 2;
        if (this.trailerBytes > MAX_TRAILERS) throw new ChunkFormatError("trailers too long");
        this.trailerLines.push(line);
        return;
      default:
        throw new ChunkFormatError("unexpected line");
    }
  }
}
