import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { Agent } from "node:http";
import { join } from "node:path";
import { Readable } from "node:stream";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { s3Error, startTestEmulator, type TestEmulator } from "../../../../support/emulator";

let t: TestEmulator;
const Bucket = "objects";
beforeAll(async () => {
  t = await startTestEmulator();
  await t.s3().send(new CreateBucketCommand({ Bucket }));
});
afterAll(() => t.stop());

const md5 = (s: string) => `"${createHash("md5").update(s).digest("hex")}"`;

describe("S3 objects", () => {
  it("stores an object and returns it with its ETag (MD5), type, metadata and CRC32", async () => {
    const s3 = t.s3();
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: "data/hello.txt",
        Body: "hello world",
        ContentType: "text/plain",
        Metadata: { owner: "notebook" },
        ChecksumAlgorithm: "CRC32",
      }),
    );
    expect(put.ETag).toBe(md5("hello world"));
    expect(put.ChecksumCRC32).toBe("DUoRhQ==");
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: "data/hello.txt", ChecksumMode: "ENABLED" }));
    expect(await got.Body?.transformToString()).toBe("hello world");
    expect(got.ContentType).toBe("text/plain");
    expect(got.ContentLength).toBe(11);
    expect(got.Metadata).toEqual({ owner: "notebook" });
    expect(got.ChecksumCRC32).toBe("DUoRhQ==");
    expect(got.LastModified).toBeInstanceOf(Date);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: "data/hello.txt" }));
    expect(head.ETag).toBe(md5("hello world"));
    expect(head.ContentLength).toBe(11);
  });

  it("overwrites an object in place", async () => {
    const s3 = t.s3();
    await s3.send(new PutObjectCommand({ Bucket, Key: "twice", Body: "first" }));
    await s3.send(new PutObjectCommand({ Bucket, Key: "twice", Body: "second" }));
    expect(await (await s3.send(new GetObjectCommand({ Bucket, Key: "twice" }))).Body?.transformToString()).toBe(
      "second",
    );
  });

  it("decodes a streamed upload (aws-chunked, STREAMING-UNSIGNED-PAYLOAD-TRAILER) and checks its trailing CRC32", async () => {
    const s3 = t.s3();
    const parts = ["chunk one,", "chunk two,", "chunk three"];
    const ContentLength = parts.join("").length;
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: "streamed",
        Body: Readable.from(parts.map((p) => Buffer.from(p))),
        ContentLength,
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: "streamed" }));
    expect(await got.Body?.transformToString()).toBe(parts.join(""));
    expect(got.ContentEncoding).toBeUndefined();
    expect(got.ETag).toBe(md5(parts.join("")));
  });

  it("rejects a body whose CRC32 or Content-MD5 does not match", async () => {
    const s3 = t.s3();
    const crc = await s3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: "bad-crc", Body: "data", ChecksumCRC32: "AAAAAA==" })),
    );
    expect(crc.name).toBe("BadDigest");
    const wrongMd5 = createHash("md5").update("other").digest("base64");
    const md5Error = await s3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: "bad-md5", Body: "data", ContentMD5: wrongMd5 })),
    );
    expect(md5Error.name).toBe("BadDigest");
    const invalid = await s3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: "bad-md5", Body: "data", ContentMD5: "not-base64" })),
    );
    expect(invalid.name).toBe("InvalidDigest");
  });

  it("serves byte ranges with 206 and Content-Range, and InvalidRange (416) past the end", async () => {
    const s3 = t.s3();
    await s3.send(new PutObjectCommand({ Bucket, Key: "digits", Body: "0123456789" }));
    const mid = await s3.send(new GetObjectCommand({ Bucket, Key: "digits", Range: "bytes=2-5" }));
    expect(await mid.Body?.transformToString()).toBe("2345");
    expect(mid.ContentRange).toBe("bytes 2-5/10");
    expect(mid.$metadata.httpStatusCode).toBe(206);
    const suffix = await s3.send(new GetObjectCommand({ Bucket, Key: "digits", Range: "bytes=-3" }));
    expect(await suffix.Body?.transformToString()).toBe("789");
    const open = await s3.send(new GetObjectCommand({ Bucket, Key: "digits", Range: "bytes=7-" }));
    expect(await open.Body?.transformToString()).toBe("789");
    const e = await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: "digits", Range: "bytes=10-20" })));
    expect(e.name).toBe("InvalidRange");
    expect(e.$metadata.httpStatusCode).toBe(416);
  });

  it("answers HeadObject with a Range like GetObject: 206, Content-Range and the range's length, 416 past the end", async () => {
    const s3 = t.s3();
    await s3.send(new PutObjectCommand({ Bucket, Key: "head-digits", Body: "0123456789" }));
    const part = await s3.send(new HeadObjectCommand({ Bucket, Key: "head-digits", Range: "bytes=2-5" }));
    expect([part.$metadata.httpStatusCode, part.ContentRange, part.ContentLength]).toEqual([206, "bytes 2-5/10", 4]);
    const whole = await s3.send(new HeadObjectCommand({ Bucket, Key: "head-digits" }));
    expect([whole.$metadata.httpStatusCode, whole.ContentRange, whole.ContentLength]).toEqual([200, undefined, 10]);
    const past = await s3Error(s3.send(new HeadObjectCommand({ Bucket, Key: "head-digits", Range: "bytes=10-20" })));
    expect(past.$metadata.httpStatusCode).toBe(416);
  });

  it("answers NoSuchKey for GetObject and 404 NotFound for HeadObject of a missing key, NoSuchBucket for a missing bucket", async () => {
    const s3 = t.s3();
    const get = await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: "missing" })));
    expect(get.name).toBe("NoSuchKey");
    const head = await s3Error(s3.send(new HeadObjectCommand({ Bucket, Key: "missing" })));
    expect(head.name).toBe("NotFound");
    expect(head.$metadata.httpStatusCode).toBe(404);
    const noBucket = await s3Error(s3.send(new PutObjectCommand({ Bucket: "no-such-bucket", Key: "k", Body: "x" })));
    expect(noBucket.name).toBe("NoSuchBucket");
  });

  it("deletes one object (idempotently) and several at once", async () => {
    const s3 = t.s3();
    for (const Key of ["del/a", "del/b", "del/c"]) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: "del/a" }));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: "del/a" }));
    const result = await s3.send(
      new DeleteObjectsCommand({
        Bucket,
        Delete: { Objects: [{ Key: "del/b" }, { Key: "del/c" }, { Key: "del/never" }] },
      }),
    );
    expect(result.Deleted?.map((d) => d.Key).sort()).toEqual(["del/b", "del/c", "del/never"]);
    const left = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: "del/" }));
    expect(left.KeyCount).toBe(0);
    expect(left.Contents).toBeUndefined();
  });

  it("lists with prefix, delimiter, max keys and continuation tokens", async () => {
    const s3 = t.s3();
    const keys = ["list/a/1", "list/a/2", "list/b/1", "list/c", "list/d", "list/e"];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket, Key, Body: "x" }));
    const grouped = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: "list/", Delimiter: "/" }));
    expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["list/a/", "list/b/"]);
    expect(grouped.Contents?.map((c) => c.Key)).toEqual(["list/c", "list/d", "list/e"]);
    expect(grouped.KeyCount).toBe(5);
    expect(grouped.Contents?.[0]?.ETag).toBe(md5("x"));
    expect(grouped.Contents?.[0]?.Size).toBe(1);

    const pages: string[][] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket, Prefix: "list/", Delimiter: "/", MaxKeys: 2, ContinuationToken }),
      );
      pages.push([...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((c) => c.Key!)]);
      expect(page.IsTruncated).toBe(page.NextContinuationToken !== undefined);
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    expect(pages).toEqual([["list/a/", "list/b/"], ["list/c", "list/d"], ["list/e"]]);

    const after = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: "list/", StartAfter: "list/c" }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(["list/d", "list/e"]);
  });

  it("lists with ListObjects (v1): prefix, delimiter, max keys, Marker and NextMarker, owners", async () => {
    const s3 = t.s3();
    const keys = ["v1/a/1", "v1/a/2", "v1/b/1", "v1/c", "v1/d", "v1/e"];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket, Key, Body: "x" }));
    const pages: string[][] = [];
    let Marker: string | undefined;
    for (;;) {
      const page = await s3.send(new ListObjectsCommand({ Bucket, Prefix: "v1/", Delimiter: "/", MaxKeys: 2, Marker }));
      pages.push([...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((c) => c.Key!)]);
      expect(page.Marker ?? "").toBe(Marker ?? "");
      if (!page.IsTruncated) break;
      Marker = page.NextMarker;
    }
    expect(pages).toEqual([["v1/a/", "v1/b/"], ["v1/c", "v1/d"], ["v1/e"]]);
    // Without a delimiter there is no NextMarker: a client goes on from the last key.
    const flat = await s3.send(new ListObjectsCommand({ Bucket, Prefix: "v1/", MaxKeys: 4 }));
    expect([flat.IsTruncated, flat.NextMarker, flat.Contents?.map((c) => c.Key)]).toEqual([
      true,
      undefined,
      keys.slice(0, 4),
    ]);
    const rest = await s3.send(new ListObjectsCommand({ Bucket, Prefix: "v1/", Marker: flat.Contents!.at(-1)!.Key }));
    expect(rest.Contents?.map((c) => c.Key)).toEqual(keys.slice(4));
    expect(rest.Contents?.[0]).toMatchObject({
      ETag: md5("x"),
      Size: 1,
      StorageClass: "STANDARD",
      Owner: { DisplayName: "emulator" },
    });
  });

  it("rejects an invalid continuation token and max-keys with InvalidArgument", async () => {
    const s3 = t.s3();
    const token = await s3Error(s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken: "garbage" })));
    expect(token.name).toBe("InvalidArgument");
    const maxKeys = await s3Error(s3.send(new ListObjectsV2Command({ Bucket, MaxKeys: -1 })));
    expect(maxKeys.name).toBe("InvalidArgument");
  });

  it("copies objects keeping or replacing metadata, and refuses a metadata-less copy onto itself", async () => {
    const s3 = t.s3();
    await s3.send(
      new PutObjectCommand({ Bucket, Key: "copy/src", Body: "payload", ContentType: "text/csv", Metadata: { v: "1" } }),
    );
    const copied = await s3.send(new CopyObjectCommand({ Bucket, Key: "copy/dst", CopySource: `${Bucket}/copy/src` }));
    expect(copied.CopyObjectResult?.ETag).toBe(md5("payload"));
    const dst = await s3.send(new GetObjectCommand({ Bucket, Key: "copy/dst" }));
    expect(await dst.Body?.transformToString()).toBe("payload");
    expect(dst.ContentType).toBe("text/csv");
    expect(dst.Metadata).toEqual({ v: "1" });

    await s3.send(
      new CopyObjectCommand({
        Bucket,
        Key: "copy/src",
        CopySource: `${Bucket}/copy/src`,
        MetadataDirective: "REPLACE",
        Metadata: { v: "2" },
      }),
    );
    expect((await s3.send(new HeadObjectCommand({ Bucket, Key: "copy/src" }))).Metadata).toEqual({ v: "2" });

    const self = await s3Error(
      s3.send(new CopyObjectCommand({ Bucket, Key: "copy/src", CopySource: `${Bucket}/copy/src` })),
    );
    expect(self.name).toBe("InvalidRequest");
    const missing = await s3Error(
      s3.send(new CopyObjectCommand({ Bucket, Key: "copy/x", CopySource: `${Bucket}/copy/none` })),
    );
    expect(missing.name).toBe("NoSuchKey");
  });

  it("keeps keys with path tricks and unicode as keys: nothing is written outside the state directory or under the key's name", async () => {
    const s3 = t.s3();
    const keys = ["../../escape.txt", "/leading/slash", "a//b", "ü nicode ✓ + spaces", "..", "%2e%2e/enc"];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    for (const Key of keys)
      expect(await (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body?.transformToString()).toBe(Key);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket }));
    for (const Key of keys) expect(listed.Contents?.map((c) => c.Key)).toContain(Key);
    const files = walk(t.stateDir);
    expect(files.some((f) => f.includes("escape") || f.includes("nicode"))).toBe(false);
  });

  it("rejects keys longer than 1024 bytes (KeyTooLongError)", async () => {
    const e = await s3Error(t.s3().send(new PutObjectCommand({ Bucket, Key: "k".repeat(1025), Body: "x" })));
    expect(e.name).toBe("KeyTooLongError");
  });

  it("accepts virtual-host-style addressing (bucket.localhost, bucket.s3.localhost)", async () => {
    const port = new URL(t.emulator.url).port;
    // *.localhost must resolve to the emulator's loopback address; the agent's lookup does what DNS would.
    const httpAgent = new Agent({
      lookup: (_host, _opts, cb) => cb(null, [{ address: "127.0.0.1", family: 4 }] as never, 4),
    });
    for (const endpoint of [`http://localhost:${port}`, `http://s3.localhost:${port}`]) {
      const s3 = t.s3({ endpoint, forcePathStyle: false, requestHandler: new NodeHttpHandler({ httpAgent }) });
      await s3.send(new PutObjectCommand({ Bucket, Key: "virtual/host", Body: endpoint }));
      expect(
        await (await s3.send(new GetObjectCommand({ Bucket, Key: "virtual/host" }))).Body?.transformToString(),
      ).toBe(endpoint);
    }
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? [path, ...walk(path)] : [path];
  });
}
