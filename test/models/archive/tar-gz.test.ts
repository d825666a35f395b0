import { gunzipSync, gzipSync } from "node:zlib";
import { Header, Parser, PackSync, ReadEntry } from "tar";
import { ArtifactError } from "../../../src/models/errors";
import { readTarGz, writeTarGz } from "../../../src/models/archive/tar-gz";
import { DEFAULT_ARCHIVE_LIMITS } from "../../../src/models/archive/limits";

const bytes = (text: string) => new TextEncoder().encode(text);

/** Lists a tar.gz with node-tar, an independent implementation. */
function listWithNodeTar(archive: Uint8Array): ReadEntry[] {
  const entries: ReadEntry[] = [];
  const parser = new Parser({ onReadEntry: (e) => (entries.push(e), e.resume()) });
  parser.end(Buffer.from(archive));
  return entries;
}

/** A raw tar built from node-tar headers, for archives our writer refuses to make. */
function rawTar(
  members: { path: string; type?: "File" | "SymbolicLink" | "Directory"; data?: string; linkpath?: string }[],
): Uint8Array {
  const blocks: Buffer[] = [];
  for (const m of members) {
    const data = Buffer.from(m.data ?? "");
    const header = Buffer.alloc(512);
    new Header({
      path: m.path,
      mode: 0o644,
      size: data.length,
      mtime: new Date(0),
      type: m.type ?? "File",
      linkpath: m.linkpath,
    }).encode(header, 0);
    blocks.push(header, Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

const expectArtifactError = (f: () => unknown, message: RegExp) => {
  expect(f).toThrow(ArtifactError);
  expect(f).toThrow(message);
};

describe("writeTarGz", () => {
  const entries = [
    { name: "b.txt", data: bytes("second") },
    { name: "a/model.json", data: bytes("{}") },
  ];

  it("round-trips through readTarGz", () => {
    const files = readTarGz(writeTarGz(entries), "t.tar.gz");
    expect([...files.keys()]).toEqual(["a/model.json", "b.txt"]);
    expect(new TextDecoder().decode(files.get("b.txt"))).toBe("second");
  });

  it("gives the same bytes on every call, whatever the input order", () => {
    expect(writeTarGz(entries)).toEqual(writeTarGz([...entries].reverse()));
  });

  it("writes sorted ustar members with fixed mtime, uid/gid 0 and mode 0644, readable by node-tar", () => {
    const listed = listWithNodeTar(writeTarGz(entries));
    expect(listed.map((e) => e.path)).toEqual(["a/model.json", "b.txt"]);
    for (const e of listed) {
      expect(e.header.mtime?.toISOString()).toBe("1980-01-01T00:00:00.000Z");
      expect([e.header.uid, e.header.gid, e.header.mode]).toEqual([0, 0, 0o644]);
      expect(e.header.type).toBe("File");
    }
  });

  it("pads the tar to a 10 KiB record and leaves the gzip header without a timestamp", () => {
    const archive = writeTarGz(entries);
    expect(gunzipSync(archive).length % 10240).toBe(0);
    expect([...archive.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
  });

  it("refuses names that are not canonical relative paths", () => {
    expect(() => writeTarGz([{ name: "../x", data: bytes("") }])).toThrow(/rejected/);
  });
});

describe("readTarGz", () => {
  it("reads archives made by node-tar, skipping directories and following PAX long names", () => {
    const long = `${"d".repeat(200)}/model.json`; // too long for a ustar prefix: needs PAX
    const pack = new PackSync({ portable: true, gzip: false, cwd: "/" });
    const chunks: Buffer[] = [];
    pack.on("data", (c: Buffer) => chunks.push(c));
    pack.add(new ReadEntryLike("dir/", "Directory", ""));
    pack.add(new ReadEntryLike(long, "File", '{"ok":true}'));
    pack.end();
    const files = readTarGz(gzipSync(Buffer.concat(chunks)), "node-tar.tar.gz");
    expect([...files.keys()]).toEqual([long]);
  });

  it("accepts ./-prefixed names as written by `tar czf model.tar.gz ./model_algo-1`", () => {
    const files = readTarGz(
      rawTar([
        { path: "./", type: "Directory" },
        { path: "./model_algo-1", data: "zip" },
      ]),
      "m.tar.gz",
    );
    expect([...files.keys()]).toEqual(["model_algo-1"]);
  });

  it.each([
    ["../evil", /'\.\.'/],
    ["a/../../evil", /'\.\.'/],
    ["/etc/passwd", /absolute path/],
  ])("rejects the entry %s", (path, why) => {
    expectArtifactError(() => readTarGz(rawTar([{ path, data: "x" }]), "bad.tar.gz"), why);
  });

  it("rejects symbolic links", () => {
    expectArtifactError(
      () => readTarGz(rawTar([{ path: "model", type: "SymbolicLink", linkpath: "/etc/passwd" }]), "bad.tar.gz"),
      /bad\.tar\.gz: entry "model" rejected: a symbolic link/,
    );
  });

  it("names a file that is not gzip by its first bytes", () => {
    expectArtifactError(
      () => readTarGz(bytes("PK\u0003\u0004rest"), "s3://b/model.tar.gz"),
      /s3:\/\/b\/model\.tar\.gz: not a gzip file \(first bytes 50 4b 03 04/,
    );
  });

  it("reports a truncated gzip stream", () => {
    const archive = writeTarGz([{ name: "m", data: bytes("x".repeat(5000)) }]);
    expectArtifactError(
      () => readTarGz(archive.subarray(0, archive.length - 20), "m.tar.gz"),
      /corrupt or truncated gzip stream/,
    );
  });

  it("reports a corrupted gzip stream (CRC check)", () => {
    const archive = Uint8Array.from(writeTarGz([{ name: "m", data: bytes("hello") }]));
    archive[archive.length - 6]! ^= 0xff;
    expectArtifactError(() => readTarGz(archive, "m.tar.gz"), /corrupt or truncated gzip stream/);
  });

  it("reports a corrupted tar header by its checksum", () => {
    const tar = gunzipSync(writeTarGz([{ name: "model_algo-1", data: bytes("x") }]));
    tar[0] = "n".charCodeAt(0);
    expectArtifactError(
      () => readTarGz(gzipSync(tar), "m.tar.gz"),
      /corrupt tar header at byte 0 \(checksum mismatch\)/,
    );
  });

  it("reports an entry whose data is cut off", () => {
    const tar = gunzipSync(writeTarGz([{ name: "model_algo-1", data: bytes("x".repeat(2000)) }]));
    expectArtifactError(
      () => readTarGz(gzipSync(tar.subarray(0, 1024)), "m.tar.gz"),
      /entry "model_algo-1" declares 2000 bytes but only 512 remain/,
    );
  });

  it("reports a tar that ends without the end-of-archive marker", () => {
    const tar = gunzipSync(writeTarGz([{ name: "m", data: bytes("x") }]));
    expectArtifactError(
      () => readTarGz(gzipSync(tar.subarray(0, 1024)), "m.tar.gz"),
      /without the end-of-archive marker/,
    );
  });

  it("enforces the size limits (a gzip bomb fails before it is inflated in full)", () => {
    const bomb = writeTarGz([{ name: "zeros", data: new Uint8Array(4 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(20_000);
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes: 1024 * 1024 };
    expectArtifactError(() => readTarGz(bomb, "bomb.tar.gz", limits), /more than the 1048576-byte limit/);
    const entryLimit = { ...DEFAULT_ARCHIVE_LIMITS, maxEntryBytes: 1000 };
    expectArtifactError(
      () => readTarGz(bomb, "bomb.tar.gz", entryLimit),
      /entry "zeros" is 4194304 bytes, over the 1000-byte limit/,
    );
  });
});

/** Minimal entry object PackSync accepts, so node-tar writes the archive (with PAX for the long name). */
class ReadEntryLike extends ReadEntry {
  constructor(path: string, type: "File" | "Directory", data: string) {
    const header = new Header({ path, type, size: data.length, mode: 0o644, mtime: new Date(0) });
    super(header);
    this.end(Buffer.from(data));
  }
}
