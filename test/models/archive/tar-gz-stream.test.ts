import { gunzipSync } from "node:zlib";
import { ArtifactError } from "../../../src/models/errors";
import { DEFAULT_ARCHIVE_LIMITS } from "../../../src/models/archive/limits";
import { readTarGz, writeTarGz } from "../../../src/models/archive/tar-gz";
import { readTarGzStreamed } from "../../../src/models/archive/tar-gz-stream";
import { TarReader } from "../../../src/models/archive/tar-reader";

const bytes = (text: string) => new TextEncoder().encode(text);
const entries = [
  { name: "code/train.py", data: bytes("print('hi')") },
  { name: "xgboost-model", data: bytes('{"learner":{}}') },
  { name: "zeros.bin", data: new Uint8Array(3 * 1024 * 1024) },
];
const archive = writeTarGz(entries);

describe("readTarGzStreamed", () => {
  it("keeps only the members asked for, and names every file", async () => {
    const { files, names } = await readTarGzStreamed(archive, "m.tar.gz", (name) => name === "xgboost-model");
    expect([...files.keys()]).toEqual(["xgboost-model"]);
    expect(new TextDecoder().decode(files.get("xgboost-model"))).toBe('{"learner":{}}');
    expect(names).toEqual(["code/train.py", "xgboost-model", "zeros.bin"]);
  });

  it("reads what readTarGz reads when it keeps everything", async () => {
    const { files } = await readTarGzStreamed(archive, "m.tar.gz", () => true);
    const whole = readTarGz(archive, "m.tar.gz");
    expect([...files.keys()]).toEqual([...whole.keys()]);
    for (const [name, data] of whole) expect(Buffer.compare(files.get(name)!, data), name).toBe(0);
  });

  it("passes over a member larger than the entry limit when it is not kept, and refuses it when it is", async () => {
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxEntryBytes: 1024 * 1024 };
    const skipped = await readTarGzStreamed(archive, "m.tar.gz", (n) => n !== "zeros.bin", limits);
    expect([...skipped.files.keys()]).toEqual(["code/train.py", "xgboost-model"]);
    await expect(readTarGzStreamed(archive, "m.tar.gz", () => true, limits)).rejects.toThrow(
      /entry "zeros.bin" is 3145728 bytes, over the 1048576-byte limit/,
    );
  });

  it("stops a gzip bomb at the inflated cap", async () => {
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes: 1024 * 1024 };
    const reading = readTarGzStreamed(archive, "bomb.tar.gz", () => false, limits);
    await expect(reading).rejects.toThrow(ArtifactError);
    await expect(reading).rejects.toThrow(/bomb\.tar\.gz: contents exceed the 1048576-byte limit/);
  });

  it("reports a corrupt gzip stream and a file that is not gzip", async () => {
    const corrupt = Uint8Array.from(archive);
    corrupt[corrupt.length - 6]! ^= 0xff;
    await expect(readTarGzStreamed(corrupt, "m.tar.gz", () => true)).rejects.toThrow(/corrupt or truncated gzip/);
    await expect(readTarGzStreamed(bytes("PK\u0003\u0004"), "m.tar.gz", () => true)).rejects.toThrow(/not a gzip file/);
  });
});

describe("TarReader", () => {
  it("reads the same members whatever the chunk boundaries", () => {
    const tar = gunzipSync(archive);
    for (const size of [1, 511, 512, 513, 100_000]) {
      const reader = new TarReader("m.tar", DEFAULT_ARCHIVE_LIMITS, (name) => name !== "zeros.bin");
      for (let at = 0; at < tar.length; at += size) reader.push(tar.subarray(at, at + size));
      const { files, names } = reader.end();
      expect([...files.keys()], `chunks of ${size}`).toEqual(["code/train.py", "xgboost-model"]);
      expect(names).toHaveLength(3);
    }
  });
});
