import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketTaggingCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  PutBucketTaggingCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { s3Error, startTestEmulator, type TestEmulator } from "../../../../support/emulator";

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
    expect([gone.name, gone.$metadata.httpStatusCode]).toEqual(["NotFound", 404]);
  });

  it("answers 200 to re-creating an owned bucket in us-east-1 and BucketAlreadyOwnedByYou elsewhere", async () => {
    await t.s3().send(new CreateBucketCommand({ Bucket: "owned-twice" }));
    await t.s3().send(new CreateBucketCommand({ Bucket: "owned-twice" }));
    const e = await s3Error(t.s3({ region: "eu-west-1" }).send(new CreateBucketCommand({ Bucket: "owned-twice" })));
    expect(e.name).toBe("BucketAlreadyOwnedByYou");
    expect(e.$metadata.httpStatusCode).toBe(409);
  });

  it("creates a bucket in the LocationConstraint's region; GetBucketLocation answers it (empty for us-east-1)", async () => {
    const eu = t.s3({ region: "eu-west-1" });
    await eu.send(
      new CreateBucketCommand({ Bucket: "in-europe", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }),
    );
    expect((await eu.send(new HeadBucketCommand({ Bucket: "in-europe" }))).BucketRegion).toBe("eu-west-1");
    // Signed for us-east-1 (the global endpoint), the constraint names another region: the bucket is created there.
    await t.s3().send(
      new CreateBucketCommand({
        Bucket: "from-global",
        CreateBucketConfiguration: { LocationConstraint: "ap-south-1" },
      }),
    );
    expect((await t.s3().send(new GetBucketLocationCommand({ Bucket: "from-global" }))).LocationConstraint).toBe(
      "ap-south-1",
    );
    expect((await t.s3().send(new GetBucketLocationCommand({ Bucket: "in-europe" }))).LocationConstraint).toBe(
      "eu-west-1",
    );
    await t.s3().send(new CreateBucketCommand({ Bucket: "in-virginia" }));
    expect(
      (await t.s3().send(new GetBucketLocationCommand({ Bucket: "in-virginia" }))).LocationConstraint,
    ).toBeUndefined();
  });

  // A regional request with no constraint at all is in wire/fidelity-boto3.test.ts: the JS client always adds its region.
  it("refuses a regional request whose constraint names another region, and a constraint of us-east-1", async () => {
    const eu = t.s3({ region: "eu-west-1" });
    const other = await s3Error(
      eu.send(
        new CreateBucketCommand({
          Bucket: "other-region",
          CreateBucketConfiguration: { LocationConstraint: "eu-central-1" },
        }),
      ),
    );
    expect([other.name, other.message]).toEqual([
      "IllegalLocationConstraintException",
      "The eu-central-1 location constraint is incompatible for the region specific endpoint this request was sent to.",
    ]);
    const virginia = await s3Error(
      t.s3().send(
        new CreateBucketCommand({
          Bucket: "named-virginia",
          CreateBucketConfiguration: { LocationConstraint: "us-east-1" as never },
        }),
      ),
    );
    expect([virginia.name, virginia.message, virginia.$metadata.httpStatusCode]).toEqual([
      "InvalidLocationConstraint",
      "The specified location-constraint is not valid",
      400,
    ]);
  });

  it("puts, gets and deletes a bucket's tag set (PutBucketTagging, GetBucketTagging, DeleteBucketTagging)", async () => {
    const s3 = t.s3();
    await s3.send(new CreateBucketCommand({ Bucket: "tagged" }));
    const none = await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket: "tagged" })));
    expect([none.name, none.message, none.$metadata.httpStatusCode]).toEqual([
      "NoSuchTagSet",
      "The TagSet does not exist",
      404,
    ]);
    const TagSet = [
      { Key: "project", Value: "guardrails" },
      { Key: "owner", Value: "" },
    ];
    const put = await s3.send(new PutBucketTaggingCommand({ Bucket: "tagged", Tagging: { TagSet } }));
    expect(put.$metadata.httpStatusCode).toBe(204);
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: "tagged" }))).TagSet).toEqual(TagSet);
    await s3.send(
      new PutBucketTaggingCommand({ Bucket: "tagged", Tagging: { TagSet: [{ Key: "only", Value: "one" }] } }),
    );
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: "tagged" }))).TagSet).toEqual([
      { Key: "only", Value: "one" },
    ]);
    expect((await s3.send(new DeleteBucketTaggingCommand({ Bucket: "tagged" }))).$metadata.httpStatusCode).toBe(204);
    expect((await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket: "tagged" })))).name).toBe("NoSuchTagSet");
    const duplicate = await s3Error(
      s3.send(new PutBucketTaggingCommand({ Bucket: "tagged", Tagging: { TagSet: [TagSet[0]!, TagSet[0]!] } })),
    );
    expect([duplicate.name, duplicate.message]).toEqual([
      "InvalidTag",
      "Cannot provide multiple Tags with the same key",
    ]);
    const system = await s3Error(
      s3.send(
        new PutBucketTaggingCommand({ Bucket: "tagged", Tagging: { TagSet: [{ Key: "aws:owner", Value: "x" }] } }),
      ),
    );
    expect([system.name, system.message]).toEqual(["InvalidTag", "System tags cannot be added/updated by requester"]);
    const missing = await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket: "never-tagged-or-made" })));
    expect(missing.name).toBe("NoSuchBucket");
  });

  it("refuses tag sets beyond S3's limits with InvalidTag, naming the first limit broken", async () => {
    const s3 = t.s3();
    await s3.send(new CreateBucketCommand({ Bucket: "tag-limits" }));
    const put = (TagSet: { Key: string; Value: string }[]) =>
      s3Error(s3.send(new PutBucketTaggingCommand({ Bucket: "tag-limits", Tagging: { TagSet } })));
    const many = await put(Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })));
    expect([many.name, many.message]).toEqual(["InvalidTag", "Bucket tag count cannot be greater than 50"]);
    const longKey = await put([{ Key: "k".repeat(129), Value: "v".repeat(257) }]);
    expect([longKey.name, longKey.message]).toEqual(["InvalidTag", "The TagKey you have provided is invalid"]);
    const longValue = await put([
      { Key: "fine", Value: "v" },
      { Key: "k", Value: "v".repeat(257) },
    ]);
    expect([longValue.name, longValue.message]).toEqual(["InvalidTag", "The TagValue you have provided is invalid"]);
    expect((await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket: "tag-limits" })))).name).toBe("NoSuchTagSet");
  });

  it.each(["ab", "Upper-Case", "has_underscore", "a..b", "192.168.1.1", "-leading", "x".repeat(64)])(
    "rejects bucket name %s with InvalidBucketName",
    async (name) => {
      const e = await s3Error(t.s3().send(new CreateBucketCommand({ Bucket: name })));
      expect(e.name).toBe("InvalidBucketName");
      expect(e.$metadata.httpStatusCode).toBe(400);
    },
  );

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
