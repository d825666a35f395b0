import {
  CreateBucketCommand,
  DeleteBucketCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { s3Error, startTestEmulator, type TestEmulator } from "../../harness";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

describe("S3 buckets", () => {
  it("creates, heads, lists and deletes a bucket", async () => {
    const s3 = t.s3();
    const created = await s3.send(new CreateBucketCommand({ Bucket: "bucket-one" }));
    expect(created.Location).toBe("/bucket-one");
    const head = await s3.send(new HeadBucketCommand({ Bucket: "bucket-one" }));
    expect(head.BucketRegion).toBe("us-east-1");
    const list = await s3.send(new ListBucketsCommand({}));
    expect(list.Buckets?.map((b) => b.Name)).toContain("bucket-one");
    expect(list.Buckets?.find((b) => b.Name === "bucket-one")?.CreationDate).toBeInstanceOf(Date);
    await s3.send(new DeleteBucketCommand({ Bucket: "bucket-one" }));
    const gone = await s3Error(s3.send(new HeadBucketCommand({ Bucket: "bucket-one" })));
    expect(gone.$metadata.httpStatusCode).toBe(404);
  });

  it("answers 200 to re-creating an owned bucket in us-east-1 and BucketAlreadyOwnedByYou elsewhere", async () => {
    await t.s3().send(new CreateBucketCommand({ Bucket: "owned-twice" }));
    await t.s3().send(new CreateBucketCommand({ Bucket: "owned-twice" }));
    const e = await s3Error(t.s3({ region: "eu-west-1" }).send(new CreateBucketCommand({ Bucket: "owned-twice" })));
    expect(e.name).toBe("BucketAlreadyOwnedByYou");
    expect(e.$metadata.httpStatusCode).toBe(409);
  });

  it("keeps the LocationConstraint as the bucket's region and rejects one that differs from the endpoint's", async () => {
    const eu = t.s3({ region: "eu-west-1" });
    await eu.send(new CreateBucketCommand({ Bucket: "in-europe", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
    expect((await eu.send(new HeadBucketCommand({ Bucket: "in-europe" }))).BucketRegion).toBe("eu-west-1");
    const e = await s3Error(t.s3().send(new CreateBucketCommand({ Bucket: "elsewhere", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } })));
    expect(e.name).toBe("IllegalLocationConstraintException");
  });

  it.each(["ab", "Upper-Case", "has_underscore", "a..b", "192.168.1.1", "-leading", "x".repeat(64)])("rejects bucket name %s with InvalidBucketName", async (name) => {
    const e = await s3Error(t.s3().send(new CreateBucketCommand({ Bucket: name })));
    expect(e.name).toBe("InvalidBucketName");
    expect(e.$metadata.httpStatusCode).toBe(400);
  });

  it("refuses to delete a bucket that still has objects (BucketNotEmpty)", async () => {
    const s3 = t.s3();
    await s3.send(new CreateBucketCommand({ Bucket: "not-empty" }));
    await s3.send(new PutObjectCommand({ Bucket: "not-empty", Key: "k", Body: "x" }));
    const e = await s3Error(s3.send(new DeleteBucketCommand({ Bucket: "not-empty" })));
    expect(e.name).toBe("BucketNotEmpty");
    expect(e.$metadata.httpStatusCode).toBe(409);
  });

  it("answers NoSuchBucket for a missing bucket", async () => {
    const e = await s3Error(t.s3().send(new DeleteBucketCommand({ Bucket: "never-made" })));
    expect(e.name).toBe("NoSuchBucket");
    expect(e.$metadata.httpStatusCode).toBe(404);
  });
});
