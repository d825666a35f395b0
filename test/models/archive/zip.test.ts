import { unzipSync, zipSync } from "fflate";
import { ArtifactError } from "../../../src/models/errors";
import { readZip, writeZip } from "../../../src/models/archive/zip";

const bytes = (text: string) => new TextEncoder().encode(text);
const entries = [
  { name: "mx-mod-symbol.json", data: bytes('{"nodes": []}'.repeat(20)) },
  { name: "manifest.json", data: bytes("{}") },
];
const expectArtifactError = (f: () => unknown, message: RegExp) => {
  expect(f).toThrow(ArtifactError);
  expect(f).toThrow(message);
};
const u16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);

describe("writeZip", () => {
  it("round-trips through readZip, entries sorted by name", () => {
    const files = readZip(writeZip(entries), "m.zip");
    expect([...files.keys()]).toEqual(["manifest.json", "mx-mod-symbol.json"]);
    expect(files.get("mx-mod-symbol.json")).toEqual(entries[0]!.data);
  });

  it("is byte-identical across calls and stamps every entry 1980-01-01 00:00", () => {
    const zip = writeZip(entries);
    expect(writeZip([...entries].reverse())).toEqual(zip);
    // Local header: DOS time at offset 10, DOS date at 12 (day 1, month 1, year 1980 → 0x0021).
    expect([u16(zip, 10), u16(zip, 12)]).toEqual([0, 0x21]);
  });

  it("is readable by fflate's independent unzip", () => {
    expect(Object.keys(unzipSync(writeZip(entries)))).toEqual(["manifest.json", "mx-mod-symbol.json"]);
  });
});

describe("readZip", () => {
  it("reads stored (uncompressed) entries and skips directories", () => {
    const zip = zipSync({ "dir/": new Uint8Array(0), "dir/a.txt": [bytes("plain"), { level: 0 }] });
    const files = readZip(zip, "stored.zip");
    expect([...files.keys()]).toEqual(["dir/a.txt"]);
    expect(new TextDecoder().decode(files.get("dir/a.txt"))).toBe("plain");
  });

  it("names a file that is not a zip by its first bytes", () => {
    expectArtifactError(
      () => readZip(bytes('{"json": 1}'), "model_algo-1"),
      /model_algo-1: not a zip file \(first bytes 7b 22 6a 73/,
    );
  });

  it("reports a truncated zip (no end-of-central-directory record)", () => {
    const zip = writeZip(entries);
    expectArtifactError(
      () => readZip(zip.subarray(0, zip.length - 30), "m.zip"),
      /truncated or corrupt zip: end-of-central-directory record not found/,
    );
  });

  it("reports corrupted entry data by its CRC or inflate error, naming the entry", () => {
    const zip = Uint8Array.from(writeZip([{ name: "a.bin", data: bytes("same bytes again ".repeat(40)) }]));
    zip[30 + "a.bin".length + 5]! ^= 0x55;
    expectArtifactError(() => readZip(zip, "m.zip"), /entry "a\.bin" (is corrupt|inflates)/);
  });

  it("detects a flipped byte in a stored entry by CRC-32", () => {
    const zip = Uint8Array.from(zipSync({ "a.txt": [bytes("plain text"), { level: 0 }] }));
    zip[30 + "a.txt".length] = "P".charCodeAt(0);
    expectArtifactError(() => readZip(zip, "m.zip"), /entry "a\.txt" is corrupt \(CRC-32 mismatch\)/);
  });

  it("rejects entries that would escape the extraction directory", () => {
    expectArtifactError(
      () => readZip(zipSync({ "../evil.json": bytes("{}") }), "m.zip"),
      /entry "\.\.\/evil\.json" rejected: path contains '\.\.'/,
    );
  });

  it("rejects encrypted entries and unknown compression methods", () => {
    const zip = writeZip([{ name: "a", data: bytes("x") }]);
    const central = new DataView(zip.buffer, zip.byteOffset).getUint32(zip.length - 22 + 16, true); // from the end record
    const encrypted = Uint8Array.from(zip);
    encrypted[central + 8]! |= 1;
    expectArtifactError(() => readZip(encrypted, "m.zip"), /entry "a" is encrypted/);
    const lzma = Uint8Array.from(zip);
    lzma[central + 10] = 14;
    expectArtifactError(() => readZip(lzma, "m.zip"), /entry "a" uses compression method 14/);
  });
});
