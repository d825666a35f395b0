/**
 * Request bodies of the JSON and query protocols sent with `Content-Encoding: gzip`: CloudWatch's
 * PutMetricData accepts them ("You can send a payload compressed by gzip"), and the JS client
 * compresses PutMetricData bodies of 10 KiB and more. The signature covers the compressed bytes,
 * so bodies are decoded after authentication, here. (S3 is not concerned: there the encoding is a
 * property of the stored object.)
 */
import { gunzipSync } from "node:zlib";
import { ServiceError } from "../errors";
import type { Incoming } from "../http";

/** A decoded body larger than this is refused: a few kilobytes of gzip can expand to gigabytes. */
const MAX_DECODED_BYTES = 64 * 1024 * 1024;

export function decodedBody(req: Incoming, body: Buffer): Buffer {
  const encodings = (req.headers["content-encoding"] ?? "").split(",").map((e) => e.trim().toLowerCase());
  if (!encodings.includes("gzip")) return body;
  try {
    return gunzipSync(body, { maxOutputLength: MAX_DECODED_BYTES });
  } catch {
    // Code as CloudWatch names unreadable input (MalformedInput); wording inferred.
    throw new ServiceError(
      "MalformedInput",
      `The gzip-encoded request body could not be decoded (at most ${MAX_DECODED_BYTES} bytes once decoded).`,
      400,
    );
  }
}
