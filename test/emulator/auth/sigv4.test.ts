import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { ListModelsCommand } from "@aws-sdk/client-sagemaker";
import { ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, createHmac } from "node:crypto";
import { Sha256 } from "../../../src/emulator/auth/sha256";
import { LOCAL_KEYS, failure, startTestEmulator, type TestEmulator } from "../../../support/emulator";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
  await t.s3().send(new CreateBucketCommand({ Bucket: "auth" }));
});
afterAll(() => t.stop());

const wrongSecret = { ...LOCAL_KEYS, secretAccessKey: "not-the-secret" };
const unknownKey = { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "whatever" };
const sha256 = (d: string | Buffer) => createHash("sha256").update(d).digest("hex");

describe("SigV4 verification", () => {
  it("accepts the configured key pair", async () => {
    await t.s3().send(new ListBucketsCommand({}));
    await t.sagemaker().send(new ListModelsCommand({}));
  });

  it("answers UnrecognizedClientException / InvalidSignatureException (403) on the JSON services", async () => {
    const unknown = await failure(t.sagemaker(unknownKey).send(new ListModelsCommand({})));
    expect(unknown.name).toBe("UnrecognizedClientException");
    expect(unknown.message).toBe("The security token included in the request is invalid.");
    expect(unknown.$metadata.httpStatusCode).toBe(403);
    const wrong = await failure(t.sagemaker(wrongSecret).send(new ListModelsCommand({})));
    expect(wrong.name).toBe("InvalidSignatureException");
    expect(wrong.$metadata.httpStatusCode).toBe(403);
  });

  it("answers InvalidAccessKeyId / SignatureDoesNotMatch (403) on S3", async () => {
    const unknown = await failure(t.s3({ credentials: unknownKey }).send(new ListBucketsCommand({})));
    expect(unknown.name).toBe("InvalidAccessKeyId");
    expect(unknown.$metadata.httpStatusCode).toBe(403);
    const wrong = await failure(
      t.s3({ credentials: wrongSecret }).send(new PutObjectCommand({ Bucket: "auth", Key: "k", Body: "x" })),
    );
    expect(wrong.name).toBe("SignatureDoesNotMatch");
    expect(wrong.$metadata.httpStatusCode).toBe(403);
  });

  it("answers CloudWatch's InvalidClientTokenId / SignatureDoesNotMatch (403)", async () => {
    const client = (credentials: typeof LOCAL_KEYS) => {
      const c = t.cloudwatch();
      c.config.credentials = () => Promise.resolve(credentials);
      return c;
    };
    const unknown = await failure(client(unknownKey).send(new ListMetricsCommand({})));
    expect(unknown.name).toBe("InvalidClientTokenId");
    expect(unknown.$metadata.httpStatusCode).toBe(403);
    const wrong = await failure(client(wrongSecret).send(new ListMetricsCommand({})));
    expect(wrong.name).toBe("SignatureDoesNotMatch");
  });

  it("refuses unsigned requests", async () => {
    const s3 = await fetch(`${t.emulator.url}/auth`);
    expect(s3.status).toBe(403);
    expect(await s3.text()).toContain("<Code>AccessDenied</Code>");
    const json = await fetch(t.emulator.url, {
      method: "POST",
      headers: { "x-amz-target": "SageMaker.ListModels", "content-type": "application/x-amz-json-1.1" },
      body: "{}",
    });
    expect(json.status).toBe(403);
    expect(json.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
  });

  it("rejects a body that does not match its signed x-amz-content-sha256 (XAmzContentSHA256Mismatch)", async () => {
    const res = await signedFetch("PUT", "/auth/tampered", "real body", {
      "x-amz-content-sha256": sha256("other body"),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("<Code>XAmzContentSHA256Mismatch</Code>");
  });

  it("accepts UNSIGNED-PAYLOAD", async () => {
    const res = await signedFetch("PUT", "/auth/unsigned", "unsigned body", {
      "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
    });
    expect(res.status).toBe(200);
    const got = await t.s3().send(new GetObjectCommand({ Bucket: "auth", Key: "unsigned" }));
    expect(await got.Body?.transformToString()).toBe("unsigned body");
  });

  it("verifies signed aws-chunked uploads (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) chunk by chunk", async () => {
    const chunks = ["first chunk ", "second chunk"];
    const ok = await chunkedUpload("/auth/signed-chunks", chunks, false);
    expect(ok.status).toBe(200);
    const got = await t.s3().send(new GetObjectCommand({ Bucket: "auth", Key: "signed-chunks" }));
    expect(await got.Body?.transformToString()).toBe(chunks.join(""));
    const tampered = await chunkedUpload("/auth/tampered-chunks", chunks, true);
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
  });

  it("accepts presigned URLs and refuses expired ones", async () => {
    await t.s3().send(new PutObjectCommand({ Bucket: "auth", Key: "shared", Body: "presigned" }));
    const url = new URL(t.emulator.url);
    const signer = new SignatureV4({
      credentials: LOCAL_KEYS,
      region: "us-east-1",
      service: "s3",
      sha256: Sha256,
      uriEscapePath: false,
    });
    // As the S3 presigner does: the payload is UNSIGNED-PAYLOAD, and that header is neither sent nor signed.
    const headers = { host: url.host, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" };
    const request = {
      method: "GET",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: "/auth/shared",
      headers,
      query: {},
    };
    const only = {
      unhoistableHeaders: new Set(["x-amz-content-sha256"]),
      unsignableHeaders: new Set(["x-amz-content-sha256"]),
    };
    const fresh = await signer.presign(request, { expiresIn: 60, ...only });
    const ok = await fetch(
      `${t.emulator.url}/auth/shared?${new URLSearchParams(fresh.query as Record<string, string>)}`,
    );
    expect(await ok.text()).toBe("presigned");
    const old = await signer.presign(request, { ...only, expiresIn: 60, signingDate: new Date(Date.now() - 3600_000) });
    const expired = await fetch(
      `${t.emulator.url}/auth/shared?${new URLSearchParams(old.query as Record<string, string>)}`,
    );
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("Request has expired");
  });
});

async function signedFetch(
  method: string,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<Response> {
  const url = new URL(t.emulator.url);
  const signer = new SignatureV4({
    credentials: LOCAL_KEYS,
    region: "us-east-1",
    service: "s3",
    sha256: Sha256,
    uriEscapePath: false,
  });
  const signed = await signer.sign({
    method,
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path,
    headers: { host: url.host, ...headers },
    query: {},
    body,
  });
  return fetch(`${t.emulator.url}${path}`, { method, headers: signed.headers, body });
}

/** Builds a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body as the SigV4 streaming spec describes it. */
async function chunkedUpload(path: string, chunks: string[], tamper: boolean): Promise<Response> {
  const url = new URL(t.emulator.url);
  const date = new Date();
  const signer = new SignatureV4({
    credentials: LOCAL_KEYS,
    region: "us-east-1",
    service: "s3",
    sha256: Sha256,
    uriEscapePath: false,
  });
  const decodedLength = chunks.reduce((n, c) => n + c.length, 0);
  const signed = await signer.sign(
    {
      method: "PUT",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path,
      query: {},
      headers: {
        host: url.host,
        "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        "content-encoding": "aws-chunked",
        "x-amz-decoded-content-length": String(decodedLength),
      },
    },
    { signingDate: date },
  );
  const seed = /Signature=([0-9a-f]+)/.exec(signed.headers["authorization"]!)![1]!;
  const longDate = signed.headers["x-amz-date"]!;
  const scope = `${longDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
  let key: Buffer | string = `AWS4${LOCAL_KEYS.secretAccessKey}`;
  for (const part of [longDate.slice(0, 8), "us-east-1", "s3", "aws4_request"])
    key = createHmac("sha256", key).update(part).digest();
  let previous = seed;
  const parts: string[] = [];
  for (const data of [...chunks, ""]) {
    const toSign = ["AWS4-HMAC-SHA256-PAYLOAD", longDate, scope, previous, sha256(""), sha256(data)].join("\n");
    previous = createHmac("sha256", key).update(toSign).digest("hex");
    parts.push(
      `${data.length.toString(16)};chunk-signature=${previous}\r\n${tamper && data ? data.toUpperCase() : data}\r\n`,
    );
  }
  return fetch(`${t.emulator.url}${path}`, { method: "PUT", headers: signed.headers, body: parts.join("") });
}
