/**
 * Security, as a specification:
 * - SigV4 is enforced on every service: no signature, a wrong secret, an unknown key, a tampered
 *   signature, a request time more than the allowed skew in the past (a late replay) or future,
 *   a credential scoped to another service, an expired presigned URL: each refused with AWS's
 *   code, and the refused request has no effect.
 * - The server listens on 127.0.0.1 only.
 * - S3 bucket names and keys never become paths: `..`, absolute paths, NUL, percent-encoded
 *   traversal and overlong names touch nothing outside the state directory, and nothing inside
 *   it is named after them.
 * - The state directory and everything in it is owner-only (0700 / 0600).
 * - Parameter names cannot pollute the emulator's object prototypes.
 * - No secret (the configured secret key, a wrong one tried, a signature) reaches the verbose
 *   logs, in process or from the CLI's --verbose.
 */
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { CreateModelCommand, DescribeModelCommand, ListModelsCommand } from "@aws-sdk/client-sagemaker";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "../../src/emulator/auth/sha256";
import { jsonLogger } from "../../src/emulator/log";
import { startEmulatorProcess, startTestEmulator, type TestEmulator } from "../../support/emulator";
import {
  LINEAR_LEARNER_IMAGE,
  MODEL_DATA_URL,
  ROLE,
  ROW,
  deployLinearLearner,
  uploadArtifact,
} from "./support/fixtures";
import { report } from "./support/summary";
import {
  LOCAL_KEYS,
  Wire,
  cloudWatchJson,
  cloudWatchQuery,
  invoke,
  sageMaker,
  type RawRequest,
  type Signing,
} from "./support/wire";

const WRONG_SECRET = "not-the-emulator-secret"; // what support/wire.ts signs with for { kind: "wrongSecret" }

let parent: string;
let stateDir: string;
let outside: string;
let t: TestEmulator;
let wire: Wire;
const logged: string[] = [];
const tally = {
  authCases: 0,
  authRefused: 0,
  traversalKeys: 0,
  filesOutsideChanged: 0,
  stateEntriesChecked: 0,
  logLinesChecked: 0,
};

beforeAll(async () => {
  parent = mkdtempSync(join(tmpdir(), "reliability-security-"));
  stateDir = join(parent, "state");
  outside = join(parent, "outside");
  mkdirSync(outside);
  writeFileSync(join(outside, "victim.txt"), "must not change");
  const sink = {
    write: (chunk: string) => logged.push(...chunk.split("\n").filter(Boolean)),
  } as unknown as NodeJS.WritableStream;
  t = await startTestEmulator({ stateDir, logger: jsonLogger(sink) });
  wire = new Wire(t.emulator.url);
  await uploadArtifact(t.s3());
  expect(await deployLinearLearner(t.sagemaker(), "secure")).toBe("InService");
  await t.s3().send(new CreateBucketCommand({ Bucket: "vault" }));
});

afterAll(async () => {
  wire?.close();
  await t?.stop();
  rmSync(parent, { recursive: true, force: true });
  report({
    order: 3,
    title: "Security",
    figures: {
      "unauthenticated or badly signed requests": tally.authCases,
      "  refused with AWS's code": tally.authRefused,
      "hostile S3 keys and bucket names tried": tally.traversalKeys,
      "files outside the state dir changed": tally.filesOutsideChanged,
      "state dir entries checked owner-only": tally.stateEntriesChecked,
      "log lines checked for secrets": tally.logLinesChecked,
    },
  });
});

type Family = "json" | "query" | "s3";

/** AWS's answer to each authentication failure, per error family (reference §1, AWS docs). */
const REFUSALS: {
  signing: Signing;
  label: string;
  expect: Record<Family, [code: string, status: number, message?: RegExp]>;
}[] = [
  {
    signing: { kind: "none" },
    label: "no signature",
    expect: {
      json: ["MissingAuthenticationTokenException", 403],
      query: ["MissingAuthenticationToken", 403],
      s3: ["AccessDenied", 403],
    },
  },
  {
    signing: { kind: "wrongSecret" },
    label: "wrong secret",
    expect: {
      json: ["InvalidSignatureException", 403],
      query: ["SignatureDoesNotMatch", 403],
      s3: ["SignatureDoesNotMatch", 403],
    },
  },
  {
    signing: { kind: "unknownKey" },
    label: "unknown access key",
    expect: {
      json: ["UnrecognizedClientException", 403],
      query: ["InvalidClientTokenId", 403],
      s3: ["InvalidAccessKeyId", 403],
    },
  },
  {
    signing: { kind: "tampered" },
    label: "tampered signature",
    expect: {
      json: ["InvalidSignatureException", 403],
      query: ["SignatureDoesNotMatch", 403],
      s3: ["SignatureDoesNotMatch", 403],
    },
  },
  {
    signing: { kind: "skewed", skewMs: -16 * 60_000 },
    label: "signed 16 minutes ago (replayed too late)",
    expect: {
      json: [
        "InvalidSignatureException",
        403,
        /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
      ],
      query: ["SignatureDoesNotMatch", 403, /^Signature expired: /],
      s3: [
        "RequestTimeTooSkewed",
        403,
        /^The difference between the request time and the current time is too large\.$/,
      ],
    },
  },
  {
    signing: { kind: "skewed", skewMs: 16 * 60_000 },
    label: "signed 16 minutes in the future",
    expect: {
      json: [
        "InvalidSignatureException",
        403,
        /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/,
      ],
      query: ["SignatureDoesNotMatch", 403, /^Signature not yet current: /],
      s3: ["RequestTimeTooSkewed", 403],
    },
  },
];

/** One request per service, each of which would change state if it were accepted. */
const MUTATING: { service: string; family: Family; request: () => RawRequest; unchanged: () => Promise<void> }[] = [
  {
    service: "S3 PutObject",
    family: "s3",
    request: () => ({ service: "s3", method: "PUT", path: "/vault/forged.txt", body: "forged" }),
    unchanged: async () =>
      expect((await failure(t.s3().send(new HeadObjectCommand({ Bucket: "vault", Key: "forged.txt" })))).name).toBe(
        "NotFound",
      ),
  },
  {
    service: "SageMaker CreateModel",
    family: "json",
    request: () =>
      sageMaker("CreateModel", {
        ModelName: "forged",
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: MODEL_DATA_URL },
      }),
    unchanged: async () =>
      expect((await failure(t.sagemaker().send(new DescribeModelCommand({ ModelName: "forged" })))).name).toBe(
        "ValidationException",
      ),
  },
  {
    service: "Runtime InvokeEndpoint",
    family: "json",
    request: () => invoke("secure", ROW),
    unchanged: async () => {},
  },
  {
    service: "CloudWatch PutMetricData (JSON)",
    family: "query",
    request: () =>
      cloudWatchJson("PutMetricData", { Namespace: "Forged", MetricData: [{ MetricName: "m", Value: 1 }] }),
    unchanged: async () =>
      expect((await t.cloudwatch().send(new ListMetricsCommand({ Namespace: "Forged" }))).Metrics ?? []).toEqual([]),
  },
  {
    service: "CloudWatch PutMetricData (query)",
    family: "query",
    request: () =>
      cloudWatchQuery("PutMetricData", {
        Namespace: "ForgedQuery",
        "MetricData.member.1.MetricName": "m",
        "MetricData.member.1.Value": "1",
      }),
    unchanged: async () =>
      expect((await t.cloudwatch().send(new ListMetricsCommand({ Namespace: "ForgedQuery" }))).Metrics ?? []).toEqual(
        [],
      ),
  },
];

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure");
}

/** Every file and directory under `dir`, with its mode and (for files) a digest of its bytes. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        out.set(relative(dir, p) + "/", (st.mode & 0o777).toString(8));
        walk(p);
      } else
        out.set(
          relative(dir, p),
          `${(st.mode & 0o777).toString(8)} ${createHash("sha256").update(readFileSync(p)).digest("hex")}`,
        );
    }
  };
  walk(dir);
  return out;
}

describe("SigV4 on every service", () => {
  for (const m of MUTATING) {
    for (const r of REFUSALS) {
      it(`${m.service}: ${r.label} → ${r.expect[m.family][0]} ${r.expect[m.family][1]}, and nothing changes`, async () => {
        tally.authCases++;
        const answer = await wire.send({ ...m.request(), signing: r.signing });
        const [code, status, message] = r.expect[m.family];
        expect({ code: answer.code, status: answer.status }).toEqual({ code, status });
        if (message) expect(answer.message).toMatch(message);
        await m.unchanged();
        tally.authRefused++;
      });
    }
  }

  it("accepts a request signed up to 15 minutes off on S3 (S3's window) but only 5 on the others", async () => {
    const tenMinutesAgo: Signing = { kind: "skewed", skewMs: -10 * 60_000 };
    expect(
      (
        await wire.send({
          service: "s3",
          method: "GET",
          path: "/vault",
          query: { "list-type": "2" },
          signing: tenMinutesAgo,
        })
      ).status,
    ).toBe(200);
    const json = await wire.send({ ...sageMaker("ListModels", {}), signing: tenMinutesAgo });
    expect(json.code).toBe("InvalidSignatureException");
    const fourMinutesAgo: Signing = { kind: "skewed", skewMs: -4 * 60_000 };
    expect((await wire.send({ ...sageMaker("ListModels", {}), signing: fourMinutesAgo })).status).toBe(200);
  });

  it("refuses a credential scoped to another service", async () => {
    tally.authCases += 2;
    const prepared = await wire.prepare(sageMaker("ListModels", {}));
    prepared.headers["authorization"] = prepared.headers["authorization"]!.replace(
      "/sagemaker/aws4_request",
      "/s3/aws4_request",
    );
    // Re-signed honestly for the wrong service: the signature is valid, the scope is not SageMaker's.
    const s3Scoped = await new SignatureV4({
      credentials: LOCAL_KEYS,
      region: "us-east-1",
      service: "s3",
      sha256: Sha256,
    }).sign({
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      path: "/",
      query: {},
      headers: {
        host: wire.host,
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "SageMaker.ListModels",
      },
      body: "{}",
    });
    const answer = await wire.transmit("POST", "/", s3Scoped.headers, Buffer.from("{}"));
    expect({ code: answer.code, status: answer.status, message: answer.message }).toEqual({
      code: "InvalidSignatureException",
      status: 403,
      message: "Credential should be scoped to correct service: 'sagemaker'. ",
    });
    const monitoring = await wire.send({
      ...sageMaker("ListModels", {}),
      headers: {
        "x-amz-target": "GraniteServiceVersion20100801.ListMetrics",
        "content-type": "application/x-amz-json-1.0",
      },
    });
    expect(monitoring.code).toBe("SignatureDoesNotMatch");
    tally.authRefused += 2;
  });

  it("refuses expired presigned URLs and ones valid for more than a week", async () => {
    await t.s3().send(new PutObjectCommand({ Bucket: "vault", Key: "shared.txt", Body: "presigned" }));
    const signer = new SignatureV4({
      credentials: LOCAL_KEYS,
      region: "us-east-1",
      service: "s3",
      sha256: Sha256,
      uriEscapePath: false,
    });
    // As the S3 presigner does: the payload is UNSIGNED-PAYLOAD, and that header is neither sent nor signed.
    const headers = { host: wire.host, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" };
    const request = {
      method: "GET",
      protocol: "http:",
      hostname: "127.0.0.1",
      port: wire.port,
      path: "/vault/shared.txt",
      headers,
      query: {},
    };
    const only = {
      unhoistableHeaders: new Set(["x-amz-content-sha256"]),
      unsignableHeaders: new Set(["x-amz-content-sha256"]),
    };
    const url = (q: Record<string, unknown>) =>
      `${t.emulator.url}/vault/shared.txt?${new URLSearchParams(q as Record<string, string>)}`;
    const fresh = await signer.presign(request, { expiresIn: 60, ...only });
    expect(await (await fetch(url(fresh.query!))).text()).toBe("presigned");
    const expired = await signer.presign(request, {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 3_600_000),
      ...only,
    });
    const late = await fetch(url(expired.query!));
    expect(late.status).toBe(403);
    expect(await late.text()).toContain("<Message>Request has expired</Message>");
    const tooLong = await fetch(url({ ...fresh.query, "X-Amz-Expires": "604801" }));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain("<Code>AuthorizationQueryParametersError</Code>");
    tally.authCases += 2;
    tally.authRefused += 2;
  });

  it("accepts the documented key pair on all four services (the refusals above are not refusing everything)", async () => {
    expect((await wire.send({ service: "s3", method: "GET", path: "/" })).status).toBe(200);
    expect((await wire.send(sageMaker("ListModels", {}))).status).toBe(200);
    expect((await wire.send(invoke("secure", ROW))).status).toBe(200);
    expect((await wire.send(cloudWatchJson("ListMetrics", {}))).status).toBe(200);
    expect((await wire.send(cloudWatchQuery("ListMetrics", {}))).status).toBe(200);
  });
});

describe("network exposure", () => {
  it("listens on 127.0.0.1", () => {
    expect(new URL(t.emulator.url).hostname).toBe("127.0.0.1");
  });

  it("is bound to the loopback address only (the kernel's socket table says so)", () => {
    const table = existsSync("/proc/net/tcp") ? readFileSync("/proc/net/tcp", "utf8") : undefined;
    if (table === undefined) return; // not Linux: the URL check above stands alone
    const port = wire.port.toString(16).toUpperCase().padStart(4, "0");
    const listening = table
      .split("\n")
      .slice(1)
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f[1]?.endsWith(`:${port}`) && f[3] === "0A")
      .map((f) => f[1]);
    expect(listening).toEqual([`0100007F:${port}`]);
    const v6 = existsSync("/proc/net/tcp6") ? readFileSync("/proc/net/tcp6", "utf8") : "";
    expect(v6.split("\n").filter((l) => l.includes(`:${port} `) && / 0A /.test(l))).toEqual([]);
  });

  it("refuses connections on the machine's other addresses", async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === "IPv4" && !a.internal)
      .map((a) => a!.address);
    for (const address of others) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host: address, port: wire.port });
        socket.once("connect", () => {
          socket.destroy();
          resolve("connected");
        });
        socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
      });
      expect(outcome, address).toBe("ECONNREFUSED");
    }
  });
});

describe("S3 keys and bucket names never become paths", () => {
  const HOSTILE_KEYS = [
    "../outside/victim.txt",
    "../../outside/victim.txt",
    "../../../../../../../../etc/passwd",
    "/etc/passwd",
    "//etc/passwd",
    "a/../../outside/victim.txt",
    "..",
    ".",
    "..\\..\\outside\\victim.txt",
    "nul\u0000byte",
    "\u0000",
    "%2e%2e/%2e%2e/outside/victim.txt",
    "..%2f..%2foutside%2fvictim.txt",
    "%252e%252e%252f",
    "s3/objects/../../outside",
    "blobs/0123456789abcdef0123456789abcdef",
    "\u00e9\u0301/\u202e/\ud83d\ude00",
    "k".repeat(1024),
    "/".repeat(1024),
  ];

  it(`stores and serves ${HOSTILE_KEYS.length} hostile keys as data, touching nothing outside the state directory`, async () => {
    const before = snapshot(parent);
    const s3 = t.s3();
    for (const [i, key] of HOSTILE_KEYS.entries()) {
      tally.traversalKeys++;
      const body = `object ${i}`;
      await s3.send(new PutObjectCommand({ Bucket: "vault", Key: key, Body: body }));
      expect(
        await (await s3.send(new GetObjectCommand({ Bucket: "vault", Key: key }))).Body?.transformToString(),
        JSON.stringify(key),
      ).toBe(body);
    }
    const listed: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: "vault", ContinuationToken: token }));
      listed.push(...(out.Contents ?? []).map((c) => c.Key!));
      token = out.NextContinuationToken;
      if (!token) break;
    }
    for (const key of HOSTILE_KEYS) expect(listed).toContain(key);
    expect(readFileSync(join(outside, "victim.txt"), "utf8")).toBe("must not change");
    const after = snapshot(parent);
    const outsideState = (m: Map<string, string>) => [...m].filter(([p]) => !p.startsWith("state/"));
    const changed = outsideState(after).filter(([p, v]) => before.get(p) !== v);
    tally.filesOutsideChanged += changed.length;
    expect(changed).toEqual([]);
    expect(outsideState(after).length).toBe(outsideState(before).length);
  });

  it("names nothing in the state directory after a key or bucket name", () => {
    const names = [...snapshot(stateDir).keys()].flatMap((p) => p.split("/")).filter(Boolean);
    for (const name of names)
      for (const key of ["victim", "passwd", "outside", "vault", "nul"]) expect(name).not.toContain(key);
  });

  it("reads traversal in the raw request path as keys of the bucket, never as files", async () => {
    // Some of these keys were stored above: then S3 answers the object stored under that key.
    const paths = [
      "/vault/../../outside/victim.txt",
      "/vault/%2e%2e/%2e%2e/outside/victim.txt",
      "/vault/..%2f..%2fetc%2fpasswd",
      "/../../etc/passwd",
      "/vault/%00",
      "/%2e%2e/victim.txt",
      "/vault/../../../../etc/passwd",
    ];
    for (const path of paths) {
      tally.traversalKeys++;
      const answer = await wire.send({ service: "s3", method: "GET", path });
      expect(answer.status, path).toBeLessThan(500);
      if (answer.status === 200) expect(answer.body.toString("utf8"), path).toMatch(/^object \d+$/);
      else expect(answer.code, path).toMatch(/^(NoSuchKey|NoSuchBucket|InvalidBucketName)$/);
      expect(answer.body.toString("utf8"), path).not.toMatch(/root:|must not change/);
    }
  });

  it("refuses hostile bucket names", async () => {
    for (const bucket of [
      "..",
      "%2e%2e",
      "a..b",
      ".hidden",
      "UPPER",
      "x".repeat(64),
      "-dash",
      "nul%00",
      "%2e%2e%2f%2e%2e",
    ]) {
      tally.traversalKeys++;
      const answer = await wire.send({ service: "s3", method: "PUT", path: `/${bucket}` });
      expect(answer.code, bucket).toBe("InvalidBucketName");
    }
    const virtual = await wire.send({ service: "s3", method: "PUT", path: "/", host: `..s3.localhost:${wire.port}` });
    expect([virtual.status, virtual.code]).toEqual([400, "InvalidBucketName"]);
  });

  it("refuses a key over 1024 bytes without writing anything", async () => {
    tally.traversalKeys++;
    const e = await failure(t.s3().send(new PutObjectCommand({ Bucket: "vault", Key: "k".repeat(1025), Body: "x" })));
    expect(e.name).toBe("KeyTooLongError");
  });

  it("does not read model data from outside its S3 (ModelDataUrl with traversal)", async () => {
    // (vault holds objects whose keys look like these paths; reliability-models does not.)
    for (const url of [
      "s3://reliability-models/../../outside/victim.txt",
      "s3://../outside/victim.txt",
      "file:///etc/passwd",
      "https://s3.amazonaws.com/../../etc/passwd",
    ]) {
      const e = await failure(
        t.sagemaker().send(
          new CreateModelCommand({
            ModelName: "traversal",
            ExecutionRoleArn: ROLE,
            PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: url },
          }),
        ),
      );
      expect(e.name, url).toBe("ValidationException");
    }
  });
});

describe("state directory", () => {
  it("is created owner-only, and so is everything the emulator wrote in it (0700 directories, 0600 files)", () => {
    const entries = snapshot(stateDir);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    expect(entries.size).toBeGreaterThan(10);
    for (const [path, desc] of entries) {
      tally.stateEntriesChecked++;
      expect(desc.split(" ")[0], path).toBe(path.endsWith("/") ? "700" : "600");
    }
  });

  it("is made owner-only when it already exists with wider permissions", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reliability-open-"));
    chmodSync(dir, 0o755);
    const other = await startTestEmulator({ stateDir: dir });
    try {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    } finally {
      await other.stop();
    }
  });
});

describe("prototype pollution", () => {
  it("ignores __proto__ and constructor in query parameters, JSON members and header names", async () => {
    await wire.send(
      cloudWatchQuery("ListMetrics", {
        "__proto__.polluted": "yes",
        "constructor.prototype.polluted": "yes",
        "Dimensions.member.1.__proto__.polluted": "yes",
      }),
    );
    await wire.send(
      sageMaker("ListModels", '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}'),
    );
    await wire.send({
      service: "s3",
      method: "GET",
      path: "/vault",
      query: { __proto__: "x", constructor: "y", "list-type": "2" },
      headers: { __proto__: "x" },
    });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect((await t.sagemaker().send(new ListModelsCommand({}))).Models?.length).toBeGreaterThan(0);
  });
});

describe("secrets in logs", () => {
  const SECRETS = [LOCAL_KEYS.secretAccessKey, WRONG_SECRET, "whatever"];

  it("writes no secret key, signature or Authorization header to the in-process verbose log", async () => {
    await wire.send({ ...sageMaker("ListModels", {}), signing: { kind: "wrongSecret" } });
    await wire.send({ ...cloudWatchQuery("ListMetrics", {}), signing: { kind: "unknownKey" } });
    await t.s3().send(
      new PutObjectCommand({
        Bucket: "vault",
        Key: "logged.txt",
        Body: LOCAL_KEYS.secretAccessKey.length.toString(),
      }),
    );
    expect(logged.length).toBeGreaterThan(50);
    for (const line of logged) {
      tally.logLinesChecked++;
      for (const secret of SECRETS) expect(line).not.toContain(secret);
      expect(line).not.toMatch(/Signature=|X-Amz-Signature|AWS4-HMAC-SHA256 Credential|"authorization"/i);
      expect(line).not.toMatch(/[0-9a-f]{64}/); // no signature or signing key in hex
    }
  });

  it("writes none from the CLI's --verbose either", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reliability-cli-"));
    const cli = await startEmulatorProcess(dir, ["--verbose"]);
    const requestLines = () =>
      cli
        .stderr()
        .split("\n")
        .filter((l) => l.includes('"msg":"request"'));
    let stderr: string;
    try {
      const wire = new Wire(cli.url);
      await wire.send(sageMaker("ListModels", {}));
      await wire.send({ ...sageMaker("ListModels", {}), signing: { kind: "wrongSecret" } });
      await wire.send({ service: "s3", method: "PUT", path: "/cli-bucket" });
      wire.close();
      // The request log is written as each answer goes out; wait (bounded) for the three lines.
      for (let i = 0; i < 100 && requestLines().length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await cli.kill("SIGTERM");
      stderr = cli.stderr();
      rmSync(dir, { recursive: true, force: true });
    }
    const lines = stderr.split("\n").filter(Boolean);
    expect(lines.filter((l) => l.includes('"msg":"request"'))).toHaveLength(3);
    for (const line of lines) {
      tally.logLinesChecked++;
      for (const secret of SECRETS) expect(line).not.toContain(secret);
      expect(line).not.toMatch(/Signature=|AWS4-HMAC-SHA256 Credential|"authorization"/i);
    }
  });
});
