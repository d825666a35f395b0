import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { s3Error, startTestEmulator, type TestEmulator } from "../../../../support/emulator";

let t: TestEmulator;
const Bucket = "conditions";
let etag: string;
let modified: Date;
beforeAll(async () => {
  t = await startTestEmulator();
  const s3 = t.s3();
  await s3.send(new CreateBucketCommand({ Bucket }));
  etag = (await s3.send(new PutObjectCommand({ Bucket, Key: "doc", Body: "version one", ContentType: "text/plain" })))
    .ETag!;
  modified = (await s3.send(new HeadObjectCommand({ Bucket, Key: "doc" }))).LastModified!;
});
afterAll(() => t.stop());

const hourAgo = () => new Date(modified.getTime() - 3600_000);
const status = async (p: Promise<{ $metadata: { httpStatusCode?: number } }>) => {
  try {
    return (await p).$metadata.httpStatusCode;
  } catch (e) {
    return (e as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode;
  }
};

describe("S3 conditional requests", () => {
  it("GetObject: If-Match and If-Unmodified-Since fail with 412, If-None-Match and If-Modified-Since with 304", async () => {
    const s3 = t.s3();
    const get = (conditions: object) => status(s3.send(new GetObjectCommand({ Bucket, Key: "doc", ...conditions })));
    expect(await get({ IfMatch: etag })).toBe(200);
    expect(await get({ IfMatch: '"0123456789abcdef0123456789abcdef"' })).toBe(412);
    expect(await get({ IfNoneMatch: etag })).toBe(304);
    expect(await get({ IfNoneMatch: '"0123456789abcdef0123456789abcdef"' })).toBe(200);
    expect(await get({ IfModifiedSince: modified })).toBe(304);
    expect(await get({ IfModifiedSince: hourAgo() })).toBe(200);
    expect(await get({ IfUnmodifiedSince: hourAgo() })).toBe(412);
    expect(await get({ IfUnmodifiedSince: modified })).toBe(200);
    // RFC 7232 as S3 applies it: a holding If-Match overrides a failing If-Unmodified-Since…
    expect(await get({ IfMatch: etag, IfUnmodifiedSince: hourAgo() })).toBe(200);
    // …and a failing If-None-Match overrides a holding If-Modified-Since.
    expect(await get({ IfNoneMatch: etag, IfModifiedSince: hourAgo() })).toBe(304);
    const e = await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: "doc", IfMatch: '"nope"' })));
    expect(e.name).toBe("PreconditionFailed");
  });

  it("HeadObject answers the same conditions without a body", async () => {
    const s3 = t.s3();
    expect(await status(s3.send(new HeadObjectCommand({ Bucket, Key: "doc", IfNoneMatch: etag })))).toBe(304);
    expect(await status(s3.send(new HeadObjectCommand({ Bucket, Key: "doc", IfMatch: '"nope"' })))).toBe(412);
  });

  it("PutObject with If-None-Match: * writes only a key that does not exist", async () => {
    const s3 = t.s3();
    const e = await s3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: "doc", Body: "version two", IfNoneMatch: "*" })),
    );
    expect([e.name, e.$metadata.httpStatusCode]).toEqual(["PreconditionFailed", 412]);
    const kept = await s3.send(new GetObjectCommand({ Bucket, Key: "doc" }));
    expect(await kept.Body!.transformToString()).toBe("version one");
    const created = await s3.send(new PutObjectCommand({ Bucket, Key: "new-doc", Body: "first", IfNoneMatch: "*" }));
    expect(created.$metadata.httpStatusCode).toBe(200);
  });

  it("CopyObject checks x-amz-copy-source-if-* against the source (412 for any that fails)", async () => {
    const s3 = t.s3();
    const copy = (conditions: object) =>
      status(s3.send(new CopyObjectCommand({ Bucket, Key: "copy", CopySource: `${Bucket}/doc`, ...conditions })));
    expect(await copy({ CopySourceIfMatch: '"nope"' })).toBe(412);
    expect(await copy({ CopySourceIfNoneMatch: etag })).toBe(412);
    expect(await copy({ CopySourceIfUnmodifiedSince: hourAgo() })).toBe(412);
    expect(await copy({ CopySourceIfMatch: etag, CopySourceIfModifiedSince: hourAgo() })).toBe(200);
  });

  it("GetObject's response-* parameters override the stored headers in the answer", async () => {
    const s3 = t.s3();
    const got = await s3.send(
      new GetObjectCommand({
        Bucket,
        Key: "doc",
        ResponseContentType: "application/json",
        ResponseContentDisposition: 'attachment; filename="doc.json"',
        ResponseContentLanguage: "de",
        ResponseCacheControl: "no-cache",
        ResponseContentEncoding: "identity",
        ResponseExpires: new Date("2030-01-01T00:00:00Z"),
      }),
    );
    expect(got.ContentType).toBe("application/json");
    expect(got.ContentDisposition).toBe('attachment; filename="doc.json"');
    expect(got.ContentLanguage).toBe("de");
    expect(got.CacheControl).toBe("no-cache");
    expect(got.ContentEncoding).toBe("identity");
    expect(got.ExpiresString).toBe("Tue, 01 Jan 2030 00:00:00 GMT");
    expect(await got.Body!.transformToString()).toBe("version one");
    const plain = await s3.send(new GetObjectCommand({ Bucket, Key: "doc" }));
    expect(plain.ContentType).toBe("text/plain");
  });
});
