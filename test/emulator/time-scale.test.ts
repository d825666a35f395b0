/**
 * The emulator on a faster clock: every reply tells its time and scale, which AWS clients ignore;
 * its durations pass N times faster while signatures stay checked against the host's clock; a
 * state directory's clock never runs back; the per-instance provisioning time adds up.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, type SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { EMULATOR_TIME_HEADER, TIME_SCALE_HEADER } from "../../src/emulator";
import {
  DATA,
  LINEAR_LEARNER_IMAGE,
  ROLE,
  ROW,
  eventually,
  onceModelLoaded,
  startTestEmulator,
  startEmulatorProcess,
  tempStateDir,
  type TestEmulator,
} from "../../support/emulator";

/**
 * The raw headers of the last reply `client` received, errors included: read innermost in the
 * deserialize step, before the SDK parses a reply or turns it into an exception.
 */
function lastReplyHeaders(client: S3Client | SageMakerRuntimeClient): () => Record<string, string> {
  let headers: Record<string, string> = {};
  // The middleware only reads the raw response, whichever client's stack it is on.
  (client.middlewareStack as S3Client["middlewareStack"]).add(
    (next) => async (args) => {
      const out = await next(args);
      headers = (out.response as { headers: Record<string, string> }).headers;
      return out;
    },
    { step: "deserialize", priority: "low", name: "captureHeaders", override: true },
  );
  return () => headers;
}

/** One S3 ListBuckets through the SDK, with the client's real send and receive times and the reply's headers. */
async function listBuckets(s3: S3Client) {
  const last = lastReplyHeaders(s3);
  const sentAt = Date.now();
  const out = await s3.send(new ListBucketsCommand({}));
  const headers = last();
  return { out, sentAt, receivedAt: Date.now(), time: Number(headers[EMULATOR_TIME_HEADER]), headers };
}

let t: TestEmulator | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe("an emulator with timeScale N", () => {
  it("tells its time and scale on every reply, and its time passes N times faster than the host's", async () => {
    t = await startTestEmulator({ timeScale: 30 });
    const first = await listBuckets(t.s3());
    expect(first.out.Buckets).toEqual([]); // the SDK parsed the reply as usual
    expect(first.headers[TIME_SCALE_HEADER]).toBe("30");
    await new Promise((r) => setTimeout(r, 200));
    const second = await listBuckets(t.s3());
    // Each reply was written between its request's send and receipt: the emulator's time between
    // the two replies is 30 times the host's time between those bounds.
    const passed = second.time - first.time;
    expect(passed).toBeGreaterThanOrEqual(30 * (second.sentAt - first.receivedAt) - 1);
    expect(passed).toBeLessThanOrEqual(30 * (second.receivedAt - first.sentAt) + 1);
  });

  it("tells its time on every kind of reply: errors, a streamed GetObject and its HEAD, 304 and 412", async () => {
    t = await startTestEmulator({ timeScale: 30 });
    const s3 = t.s3();
    const last = lastReplyHeaders(s3);
    const said: Array<[string, Record<string, string>]> = [];
    const note = async (what: string, request: Promise<unknown>): Promise<void> => {
      await request.catch(() => undefined);
      said.push([what, last()]);
    };
    await note("an error (NoSuchBucket)", s3.send(new GetObjectCommand({ Bucket: "absent", Key: "k" })));
    await s3.send(new CreateBucketCommand({ Bucket: "timed" }));
    const put = await s3.send(new PutObjectCommand({ Bucket: "timed", Key: "k", Body: "streamed" }));
    const streamed = await s3.send(new GetObjectCommand({ Bucket: "timed", Key: "k" }));
    said.push(["a streamed GetObject", last()]);
    expect(await streamed.Body!.transformToString()).toBe("streamed");
    await note("HeadObject", s3.send(new HeadObjectCommand({ Bucket: "timed", Key: "k" })));
    await note("304 Not Modified", s3.send(new GetObjectCommand({ Bucket: "timed", Key: "k", IfNoneMatch: put.ETag })));
    await note(
      "412 Precondition Failed",
      s3.send(new GetObjectCommand({ Bucket: "timed", Key: "k", IfMatch: '"other"' })),
    );
    const runtime = t.runtime();
    const lastRuntime = lastReplyHeaders(runtime);
    await runtime
      .send(new InvokeEndpointCommand({ EndpointName: "absent", Body: Buffer.from(ROW), ContentType: "text/csv" }))
      .catch(() => undefined);
    said.push(["an invocation's error (no such endpoint)", lastRuntime()]);
    expect(said.map(([what, h]) => [what, h[TIME_SCALE_HEADER], Number(h[EMULATOR_TIME_HEADER]) > 0])).toEqual(
      said.map(([what]) => [what, "30", true]),
    );
  });

  it("keeps a state directory's clock from running back, and checks signatures against the host's clock", async () => {
    const stateDir = tempStateDir();
    const anHourAhead = Date.now() + 3_600_000;
    writeFileSync(join(stateDir, "clock"), String(anHourAhead));
    t = await startTestEmulator({ stateDir });
    // Signed with the host's time, an hour behind the emulator's clock, and still accepted.
    const reply = await listBuckets(t.s3());
    expect(reply.time).toBeGreaterThanOrEqual(anHourAhead);
    expect(reply.headers[TIME_SCALE_HEADER]).toBe("1");
    await t.emulator.stop();
    expect(Number(readFileSync(join(stateDir, "clock"), "utf8"))).toBeGreaterThanOrEqual(reply.time);
    t = await startTestEmulator({ stateDir });
    expect((await listBuckets(t.s3())).time).toBeGreaterThanOrEqual(reply.time);
  });

  it("creates an endpoint in its own minutes: the provisioning delay plus the time per instance, on its clock", async () => {
    // 20 s + 3 × 10 s of the emulator's time: under a second of the host's at ×60.
    t = await startTestEmulator({ timeScale: 60, provisioningDelayMs: 20_000, instanceLaunchMs: 10_000 });
    const s3 = t.s3();
    const sm = t.sagemaker();
    await s3.send(new CreateBucketCommand({ Bucket: "models" }));
    await s3.send(
      new PutObjectCommand({ Bucket: "models", Key: "m.tar.gz", Body: readFileSync(join(DATA, "005-model.tar.gz")) }),
    );
    await sm.send(
      new CreateModelCommand({
        ModelName: "m",
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: "s3://models/m.tar.gz" },
      }),
    );
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "c",
        ProductionVariants: [
          { VariantName: "v", ModelName: "m", InitialInstanceCount: 3, InstanceType: "ml.m5.large" },
        ],
      }),
    );
    await sm.send(new CreateEndpointCommand({ EndpointName: "e", EndpointConfigName: "c" }));
    const d = await eventually(async () => {
      const out = await sm.send(new DescribeEndpointCommand({ EndpointName: "e" }));
      return out.EndpointStatus === "Creating" ? undefined : out;
    }, 60_000);
    expect(d.EndpointStatus).toBe("InService");
    const creating = d.LastModifiedTime!.getTime() - d.CreationTime!.getTime();
    expect(creating).toBeGreaterThanOrEqual(50_000);
    // An invocation's reply tells the time too: a model answers in real time, its reply on the emulator's clock.
    const runtime = t.runtime();
    const last = lastReplyHeaders(runtime);
    await onceModelLoaded(() =>
      runtime.send(new InvokeEndpointCommand({ EndpointName: "e", Body: Buffer.from(ROW), ContentType: "text/csv" })),
    );
    expect(last()[TIME_SCALE_HEADER]).toBe("60");
    expect(Number(last()[EMULATOR_TIME_HEADER])).toBeGreaterThanOrEqual(d.LastModifiedTime!.getTime());
  });
});

describe("npm run emulator -- --time-scale 30", () => {
  it("says which clock it runs and tells it on every reply", async () => {
    const stateDir = tempStateDir();
    const e = await startEmulatorProcess(stateDir, ["--time-scale", "30"]);
    try {
      const reply = await listBuckets(e.s3());
      expect(reply.headers[TIME_SCALE_HEADER]).toBe("30");
      expect(reply.time).toBeGreaterThanOrEqual(reply.sentAt);
    } finally {
      await e.kill("SIGTERM");
    }
  });
});
