/**
 * Reading a tar header block's numeric fields and checking its checksum, shared by the archive
 * reader (tar-gz.ts) and the emulator's model-data check (a SageMaker endpoint extracts the
 * archive, so a first header that does not check out fails it).
 */
export const TAR_BLOCK = 512;

const decoder = new TextDecoder("utf-8", { fatal: false });

/** An octal field (NUL- or space-padded either side); null when it holds anything else. */
export function parseOctal(field: Uint8Array): number | null {
  const text = decoder
    .decode(field)
    .replace(/[\0 ]+$/, "")
    .replace(/^[\0 ]+/, "");
  if (text === "") return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : null;
}

/**
 * Whether a header block's stored checksum matches its bytes, summed with the checksum field as
 * spaces. Some old writers summed signed bytes; both sums are accepted (as Python's tarfile does).
 */
export function tarChecksumMatches(header: Uint8Array): boolean {
  const stored = parseOctal(header.subarray(148, 156));
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < TAR_BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored !== null && (stored === unsigned || stored === signed);
}
