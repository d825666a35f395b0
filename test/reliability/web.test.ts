/**
 * Web pages cannot drive the emulator, and signatures bind what they sign.
 * The key pair is public, so a page can sign anything: what stops it is the Host (DNS rebinding
 * names the page's own host), its Origin / Sec-Fetch-Site, and S3's Content-MD5 on DeleteObjects.
 * A signature binds the body and X-Amz-Target outside S3, must cover the host, and a presigned
 * URL must say how long it lives. Each refused request is shown to have had no effect.
 */
import { createHash } from "node:crypto";
import { DescribeAlarmsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { DescribeEndpointCommand } from "@aws-sdk/client-sagemaker";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "../../src/emulator/auth/sha256";
import { found, startTestEmulator, type TestEmulator } from "../../support/emulator";
import { deployLinearLearner, uploadArtifact } from "./support/fixtures";
import { report } from "./support/summary";
import { LOCAL_KEYS, REGION, Wire, cloudWatchQuery, sageMaker, type RawRequest } from "./support/wire";

let t: TestEmulator;
let wire: Wire;
const tally = { foreign: 0, foreignRefused: 0, loopbackAccepted: 0, unbound: 0, unboundRefused: 0 };

beforeAll(async () => {
  t = await startTestEmulator();
  wire = new Wire(t.emulator.url);
  await uploadArtifact(t.s3());
  expect(await deployLinearLearner(t.sagemaker(), "kept")).toBe("InService");
  await t.s3().send(new CreateBucketCommand({ Bucket: "web" }));
  await t.s3().send(new PutObjectCommand({ Bucket: "web", Key: "secret.txt", Body: "secret" }));
  await t.cloudwatch().send(
    new PutMetricAlarmCommand({
      AlarmName: "guard",
      Namespace: "AWS/SageMaker",
      MetricName: "Invocation5XXErrors",
      Statistic: "Sum",
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    }),
  );
});

afterAll(async () => {
  wire?.close();
  await t?.stop();
  report({
    order: 7,
    title: "Web pages and signature binding",
    figures: {
      "foreign-origin requests (rebinding Host, Origin, Sec-Fetch-Site)": tally.foreign,
      "  refused, with no effect": tally.foreignRefused,
      "loopback requests still accepted (127.0.0.1, localhost, *.localhost)": tally.loopbackAccepted,
      "requests whose signature did not bind them": tally.unbound,
      "  refused with AWS's code": tally.unboundRefused,
    },
  });
});

const alarmState = async () =>
  (await t.cloudwatch().send(new DescribeAlarmsCommand({ AlarmNames: ["guard"] }))).MetricAlarms?.[0]?.StateValue;
const exists = (key: string) => found(t.s3().send(new HeadObjectCommand({ Bucket: "web", Key: key })));
const endpointExists = (name: string) => found(t.sagemaker().send(new DescribeEndpointCommand({ EndpointName: name })));
const setAlarm = cloudWatchQuery("SetAlarmState", {
  AlarmName: "guard",
  StateValue: "ALARM",
  StateReason: "from a web page",
});
const deleteXml = "<Delete><Object><Key>secret.txt</Key></Object></Delete>";

/**
 * A presigned URL as a page would build it with the public key pair, for `host`; S3's as the S3
 * presigner does (UNSIGNED-PAYLOAD, neither sent nor signed). Returns the query and the headers to send.
 */
async function presigned(
  service: "s3" | "sagemaker",
  r: { method: string; path: string; host: string; headers?: Record<string, string>; body?: string },
  unhoistable: string[] = [],
) {
  const signer = new SignatureV4({
    credentials: LOCAL_KEYS,
    region: REGION,
    service,
    sha256: Sha256,
    uriEscapePath: service !== "s3",
  });
  const headers = { host: r.host, ...r.headers };
  const s3Payload: Record<string, string> = service === "s3" ? { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } : {};
  const only = new Set(Object.keys(s3Payload));
  const request = {
    method: r.method,
    protocol: "http:",
    hostname: r.host.split(":")[0]!,
    path: r.path,
    headers: { ...headers, ...s3Payload },
    query: {},
    body: r.body,
  };
  const signed = await signer.presign(request, {
    expiresIn: 300,
    unhoistableHeaders: new Set([...unhoistable, ...only]),
    unsignableHeaders: only,
  });
  return { query: signed.query as Record<string, string>, headers };
}

const get = (
  url: { query: Record<string, string>; headers: Record<string, string> },
  path: string,
  query = url.query,
) => wire.transmit("GET", `${path}?${new URLSearchParams(query)}`, url.headers, Buffer.alloc(0));

async function refusedForeign(r: RawRequest, code: string): Promise<void> {
  tally.foreign++;
  const answer = await wire.send(r);
  expect([answer.status, answer.code], answer.body.toString()).toEqual([403, code]);
  tally.foreignRefused++;
}

describe("requests a web page could make are refused", () => {
  it("refuses a Host that is not a loopback name (DNS rebinding), even for a valid presigned GET", async () => {
    const evil = `rebind.example:${wire.port}`;
    const url = await presigned("s3", { method: "GET", path: "/web/secret.txt", host: evil });
    tally.foreign++;
    const answer = await get(url, "/web/secret.txt");
    expect([answer.status, answer.code]).toEqual([403, "AccessDenied"]);
    expect(answer.body.toString()).not.toContain("secret</");
    tally.foreignRefused++;
    await refusedForeign({ ...setAlarm, host: evil }, "AccessDenied");
    await refusedForeign(
      {
        service: "sagemaker",
        host: `192.168.1.20:${wire.port}`,
        headers: { "x-amz-target": "SageMaker.ListEndpoints" },
        body: "{}",
      },
      "AccessDeniedException",
    );
    expect(await alarmState()).toBe("INSUFFICIENT_DATA");
  });

  it("refuses a foreign Origin or a cross-site fetch: a form POST of SetAlarmState, a text/plain POST ?delete", async () => {
    await refusedForeign({ ...setAlarm, headers: { origin: "https://evil.example" } }, "AccessDenied");
    await refusedForeign({ ...setAlarm, headers: { origin: "null" } }, "AccessDenied");
    await refusedForeign({ ...setAlarm, unsignedHeaders: { "sec-fetch-site": "cross-site" } }, "AccessDenied");
    const del = {
      service: "s3" as const,
      method: "POST",
      path: "/web",
      query: { delete: "" },
      body: deleteXml,
      headers: { "content-type": "text/plain", origin: "https://evil.example" },
    };
    await refusedForeign(del, "AccessDenied");
    expect(await alarmState()).toBe("INSUFFICIENT_DATA");
    expect(await exists("secret.txt")).toBe(true);
  });

  it("requires Content-MD5 (or a checksum) on DeleteObjects, as S3 does", async () => {
    const del = {
      service: "s3" as const,
      method: "POST",
      path: "/web",
      query: { delete: "" },
      body: deleteXml,
      headers: { "content-type": "text/plain" },
    };
    tally.foreign++;
    const bare = await wire.send(del);
    expect([bare.status, bare.code, bare.message]).toEqual([
      400,
      "InvalidRequest",
      "Missing required header for this request: Content-MD5",
    ]);
    expect(await exists("secret.txt")).toBe(true);
    tally.foreignRefused++;
    await t.s3().send(new PutObjectCommand({ Bucket: "web", Key: "gone.txt", Body: "x" }));
    const body = "<Delete><Object><Key>gone.txt</Key></Object></Delete>";
    const withMd5 = await wire.send({
      ...del,
      body,
      headers: { "content-md5": createHash("md5").update(body).digest("base64") },
    });
    expect(withMd5.status).toBe(200);
    expect(await exists("gone.txt")).toBe(false);
  });

  it("still answers loopback hosts and origins: 127.0.0.1, localhost, bucket.localhost, bucket.s3.localhost, bucket.s3.<region>.localhost, [::1]", async () => {
    const port = wire.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect((await wire.send({ service: "s3", path: "/web/secret.txt", host })).status, host).toBe(200);
      tally.loopbackAccepted++;
    }
    for (const host of [`web.localhost:${port}`, `web.s3.localhost:${port}`, `web.s3.${REGION}.localhost:${port}`]) {
      const answer = await wire.send({ service: "s3", path: "/secret.txt", host });
      expect([answer.status, answer.body.toString()], host).toEqual([200, "secret"]);
      tally.loopbackAccepted++;
    }
    expect(
      (
        await wire.send({
          ...sageMaker("ListEndpoints", {}),
          headers: { "x-amz-target": "SageMaker.ListEndpoints", origin: "http://localhost:8888" },
        })
      ).status,
    ).toBe(200);
    tally.loopbackAccepted++;
  });
});

describe("a signature binds what it signs", () => {
  async function refusedUnbound(
    send: Promise<{ status: number; code?: string }>,
    status: number,
    code: string,
  ): Promise<void> {
    tally.unbound++;
    const answer = await send;
    expect([answer.status, answer.code]).toEqual([status, code]);
    tally.unboundRefused++;
  }

  it("binds a presigned JSON request's body and X-Amz-Target: a URL for one call does not run DeleteEndpoint", async () => {
    const host = wire.host;
    const describe = {
      method: "POST",
      path: "/",
      host,
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "SageMaker.DescribeEndpoint" },
      body: JSON.stringify({ EndpointName: "kept" }),
    };
    const deleteBody = JSON.stringify({ EndpointName: "kept" });
    // X-Amz-Target signed as a header, another body sent.
    const signedTarget = await presigned("sagemaker", describe, ["x-amz-target"]);
    const valid = await wire.transmit(
      "POST",
      `/?${new URLSearchParams(signedTarget.query)}`,
      signedTarget.headers,
      Buffer.from(describe.body),
    );
    expect(valid.status).toBe(200);
    const swappedBody = { ...signedTarget.headers, "x-amz-target": "SageMaker.DeleteEndpoint" };
    await refusedUnbound(
      wire.transmit("POST", `/?${new URLSearchParams(signedTarget.query)}`, swappedBody, Buffer.from(deleteBody)),
      403,
      "InvalidSignatureException",
    );
    // X-Amz-Target hoisted into the query (smithy's default), another target sent as the header.
    const hoisted = await presigned("sagemaker", describe);
    await refusedUnbound(
      wire.transmit(
        "POST",
        `/?${new URLSearchParams(hoisted.query)}`,
        { ...hoisted.headers, "x-amz-target": "SageMaker.DeleteEndpoint" },
        Buffer.from(describe.body),
      ),
      403,
      "IncompleteSignatureException",
    );
    expect(await endpointExists("kept")).toBe(true);
  });

  it("hashes the body outside S3: x-amz-content-sha256: UNSIGNED-PAYLOAD does not unbind it", async () => {
    const request = {
      ...sageMaker("DeleteEndpoint", { EndpointName: "kept" }),
      headers: { "x-amz-target": "SageMaker.DeleteEndpoint", "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
    };
    await refusedUnbound(wire.send(request), 403, "InvalidSignatureException");
    await refusedUnbound(
      wire.send({ ...setAlarm, headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } }),
      403,
      "SignatureDoesNotMatch",
    );
    expect(await endpointExists("kept")).toBe(true);
    expect(await alarmState()).toBe("INSUFFICIENT_DATA");
  });

  it("requires host among the signed headers (not only x-amz-date)", async () => {
    /** The request signed as a client that signs x-amz-date alone (and S3's payload header). */
    const signOnlyDate = async (r: RawRequest, service: "s3" | "monitoring") => {
      const prepared = await wire.prepare({ ...r, signing: { kind: "none" } });
      const [path, qs = ""] = prepared.target.split("?");
      const payload = prepared.headers["x-amz-content-sha256"];
      const signer = new SignatureV4({
        credentials: LOCAL_KEYS,
        region: REGION,
        service,
        sha256: Sha256,
        uriEscapePath: service !== "s3",
      });
      const signed = await signer.sign(
        {
          method: prepared.method,
          protocol: "http:",
          hostname: "127.0.0.1",
          path: path!,
          query: Object.fromEntries(new URLSearchParams(qs)),
          headers: payload ? { "x-amz-content-sha256": payload } : {},
          body: prepared.body,
        },
        { unsignableHeaders: new Set(["x-amz-content-sha256"]) },
      );
      expect(signed.headers["authorization"]).toContain("SignedHeaders=x-amz-date,");
      return wire.transmit(
        prepared.method,
        prepared.target,
        {
          ...prepared.headers,
          authorization: signed.headers["authorization"]!,
          "x-amz-date": signed.headers["x-amz-date"]!,
        },
        prepared.body,
      );
    };
    await refusedUnbound(signOnlyDate({ service: "s3", path: "/web/secret.txt" }, "s3"), 403, "AccessDenied");
    await refusedUnbound(signOnlyDate(setAlarm, "monitoring"), 403, "IncompleteSignature");
    expect(await alarmState()).toBe("INSUFFICIENT_DATA");
  });

  it("refuses a presigned S3 URL without X-Amz-Expires (it would live a week)", async () => {
    const url = await presigned("s3", { method: "GET", path: "/web/secret.txt", host: wire.host });
    expect((await get(url, "/web/secret.txt")).body.toString()).toBe("secret");
    const forever = Object.fromEntries(Object.entries(url.query).filter(([k]) => k !== "X-Amz-Expires"));
    await refusedUnbound(get(url, "/web/secret.txt", forever), 400, "AuthorizationQueryParametersError");
  });
});
