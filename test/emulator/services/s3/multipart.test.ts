import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { Readable } from "node:stream";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../../../../src/emulator/clock";
import { s3Error, startTestEmulator, type TestEmulator } from "../../../../support/emulator";

let t: TestEmulator;
const Bucket = "multipart";
const MiB = 2 ** 20;
beforeAll(async () => {
  t = await startTestEmulator();
  await t.s3().send(new CreateBucketCommand({ Bucket }));
});
afterAll(() => t.stop());

const md5 = (data: Buffer) => createHash("md5").update(data).digest();
const crc32Of = (data: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data));
  return out;
};
const filled = (size: number, byte: number) => Buffer.alloc(size, byte);

async function start(Key: string, checksum = false): Promise<string> {
  const created = await t
    .s3()
    .send(new CreateMultipartUploadCommand({ Bucket, Key, ...(checksum && { ChecksumAlgorithm: "CRC32" as const }) }));
  return created.UploadId!;
}

async function part(Key: string, UploadId: string, PartNumber: number, Body: Buffer, checksum = false) {
  const sent = await t.s3().send(
    new UploadPartCommand({
      Bucket,
      Key,
      UploadId,
      PartNumber,
      Body,
      ...(checksum && { ChecksumAlgorithm: "CRC32" as const }),
    }),
  );
  return { PartNumber, ETag: sent.ETag!, ChecksumCRC32: sent.ChecksumCRC32 };
}

describe("S3 multipart upload", () => {
  it("assembles parts in order: the object, its -N ETag, its COMPOSITE CRC32 and the lists on the way", async () => {
    const s3 = t.s3();
    const Key = "assembled.bin";
    const UploadId = await start(Key, true);
    const bodies = [filled(5 * MiB, 1), filled(5 * MiB, 2), filled(1000, 3)];
    const parts = [];
    for (const [i, body] of bodies.entries()) parts.push(await part(Key, UploadId, i + 1, body, true));
    expect(parts.map((p) => p.ETag)).toEqual(bodies.map((b) => `"${md5(b).toString("hex")}"`));

    const listed = await s3.send(new ListPartsCommand({ Bucket, Key, UploadId }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual(
      parts.map((p, i) => [p.PartNumber, bodies[i]!.length, p.ETag]),
    );
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket }));
    expect(uploads.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([[Key, UploadId]]);

    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }),
    );
    const whole = Buffer.concat(bodies);
    expect(done.ETag).toBe(`"${md5(Buffer.concat(bodies.map(md5))).toString("hex")}-3"`);
    expect(done.ChecksumCRC32).toBe(`${crc32Of(Buffer.concat(bodies.map(crc32Of))).toString("base64")}-3`);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(whole)).toBe(true);
    expect(got.ETag).toBe(done.ETag);
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads ?? []).toEqual([]);
    // A completed upload is gone.
    expect((await s3Error(s3.send(new ListPartsCommand({ Bucket, Key, UploadId })))).name).toBe("NoSuchUpload");
  });

  it("gives a FULL_OBJECT CRC32 (the whole object's, no -N) when the upload asks for that checksum type", async () => {
    const s3 = t.s3();
    const Key = "full-object.bin";
    const created = await s3.send(
      new CreateMultipartUploadCommand({ Bucket, Key, ChecksumAlgorithm: "CRC32", ChecksumType: "FULL_OBJECT" }),
    );
    const UploadId = created.UploadId!;
    expect(created.ChecksumType).toBe("FULL_OBJECT");
    const bodies = [filled(5 * MiB, 9), filled(4096, 10)];
    const parts = [];
    for (const [i, body] of bodies.entries()) parts.push(await part(Key, UploadId, i + 1, body, true));
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }),
    );
    expect(done.ChecksumCRC32).toBe(crc32Of(Buffer.concat(bodies)).toString("base64"));
    expect(done.ChecksumType).toBe("FULL_OBJECT");
  });

  it("refuses parts out of order, a part named with another ETag, and a part under 5 MiB that is not the last", async () => {
    const s3 = t.s3();
    const Key = "refused.bin";
    const UploadId = await start(Key);
    const one = await part(Key, UploadId, 1, filled(5 * MiB, 4));
    const two = await part(Key, UploadId, 2, filled(1024, 5));
    const three = await part(Key, UploadId, 3, filled(1024, 6));
    const complete = (Parts: { PartNumber: number; ETag: string }[]) =>
      s3Error(s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } })));
    const order = await complete([two, one]);
    expect([order.name, order.$metadata.httpStatusCode]).toEqual(["InvalidPartOrder", 400]);
    const etag = await complete([one, { ...two, ETag: one.ETag }]);
    expect([etag.name, etag.$metadata.httpStatusCode]).toEqual(["InvalidPart", 400]);
    const missing = await complete([one, { PartNumber: 9, ETag: two.ETag }]);
    expect(missing.name).toBe("InvalidPart");
    const small = await complete([one, two, three]);
    expect([small.name, small.$metadata.httpStatusCode]).toEqual(["EntityTooSmall", 400]);
    // Nothing was lost to the refusals: the upload completes with a valid list.
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [one, three] } }),
    );
    expect(done.ETag).toMatch(/-2"$/);
  });

  it("answers NoSuchUpload once an upload is aborted, and InvalidArgument for a part number outside 1–10,000", async () => {
    const s3 = t.s3();
    const Key = "aborted.bin";
    const UploadId = await start(Key);
    for (const PartNumber of [0, 10_001]) {
      const e = await s3Error(
        s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: Buffer.from("x") })),
      );
      expect([e.name, e.$metadata.httpStatusCode]).toEqual(["InvalidArgument", 400]);
    }
    await part(Key, UploadId, 1, Buffer.from("kept until aborted"));
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }));
    const e = await s3Error(
      s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: Buffer.from("late") })),
    );
    expect([e.name, e.$metadata.httpStatusCode]).toEqual(["NoSuchUpload", 404]);
    const again = await s3Error(s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })));
    expect(again.name).toBe("NoSuchUpload");
  });

  it("copies a byte range of another object into a part (UploadPartCopy)", async () => {
    const s3 = t.s3();
    const source = Buffer.concat([filled(6 * MiB, 7), filled(MiB, 8)]);
    await s3.send(new PutObjectCommand({ Bucket, Key: "source.bin", Body: source }));
    const Key = "copied.bin";
    const UploadId = await start(Key);
    const copied = await s3.send(
      new UploadPartCopyCommand({
        Bucket,
        Key,
        UploadId,
        PartNumber: 1,
        CopySource: `${Bucket}/source.bin`,
        CopySourceRange: `bytes=0-${5 * MiB - 1}`,
      }),
    );
    expect(copied.CopyPartResult?.ETag).toBe(`"${md5(source.subarray(0, 5 * MiB)).toString("hex")}"`);
    const last = await part(Key, UploadId, 2, Buffer.from("tail"));
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: copied.CopyPartResult!.ETag! }, last] },
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(bytes.equals(Buffer.concat([source.subarray(0, 5 * MiB), Buffer.from("tail")]))).toBe(true);
  });

  it("takes the JS SDK's Upload (@aws-sdk/lib-storage): a 23 MiB stream in concurrent 5 MiB parts, read back whole", async () => {
    const s3 = t.s3();
    const bodies = Array.from({ length: 23 }, (_, i) => filled(MiB, i));
    const upload = new Upload({
      client: s3,
      params: { Bucket, Key: "lib-storage.bin", Body: Readable.from(bodies) },
      partSize: 5 * MiB,
      queueSize: 4,
    });
    const done = await upload.done();
    expect(done.ETag).toMatch(/-5"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: "lib-storage.bin", ChecksumMode: "ENABLED" }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(bytes.equals(Buffer.concat(bodies))).toBe(true);
    expect(got.ETag).toBe(done.ETag);
  });

  it("aborts an upload untouched for a week when the emulator starts again, removing its parts, and keeps a newer one", async () => {
    const day = 24 * 3600 * 1000;
    const clock = new ManualClock(Date.now());
    const first = await startTestEmulator({ clock });
    const s3 = first.s3();
    await s3.send(new CreateBucketCommand({ Bucket }));
    const old = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: "old.bin" }));
    await s3.send(
      new UploadPartCommand({ Bucket, Key: "old.bin", UploadId: old.UploadId, PartNumber: 1, Body: filled(1024, 1) }),
    );
    clock.advance(6 * day);
    const recent = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: "recent.bin" }));
    await s3.send(
      new UploadPartCommand({
        Bucket,
        Key: "recent.bin",
        UploadId: recent.UploadId,
        PartNumber: 1,
        Body: filled(1024, 2),
      }),
    );
    const blobs = () => readdirSync(join(first.stateDir, "s3", "blobs"));
    expect(blobs()).toHaveLength(2);
    await first.emulator.stop();
    clock.advance(2 * day);
    const second = await startTestEmulator({ clock, stateDir: first.stateDir });
    try {
      const uploads = await second.s3().send(new ListMultipartUploadsCommand({ Bucket }));
      expect(uploads.Uploads?.map((u) => u.Key)).toEqual(["recent.bin"]);
      const gone = await s3Error(
        second.s3().send(new ListPartsCommand({ Bucket, Key: "old.bin", UploadId: old.UploadId })),
      );
      expect(gone.name).toBe("NoSuchUpload");
      expect(blobs()).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});
