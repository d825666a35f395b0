/** node:crypto behind the Checksum shape @smithy/signature-v4 expects (HMAC when given a key). */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";

export class Sha256 {
  private readonly hash: Hash | Hmac;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

export const sha256Hex = (data: Uint8Array | string): string => createHash("sha256").update(data).digest("hex");
export const hmacHex = (key: Uint8Array, data: string): string => createHmac("sha256", key).update(data).digest("hex");

const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof d === "string"
    ? d
    : ArrayBuffer.isView(d)
      ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
      : new Uint8Array(d);
