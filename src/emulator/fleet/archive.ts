/**
 * Whether bytes are a gzip-compressed tar archive, as SageMaker checks before extracting model data:
 * gunzip must succeed and the first tar header's checksum must be right.
 */
import { gunzipSync } from "node:zlib";

export function isTarGz(bytes: Uint8Array): boolean {
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes);
  } catch {
    return false;
  }
  if (tar.length < 512) return false;
  const stored = Number.parseInt(tar.toString("latin1", 148, 156).replace(/\0/g, " ").trim(), 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : tar[i]!;
  return stored === sum;
}
