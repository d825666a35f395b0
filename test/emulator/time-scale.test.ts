/**
 * The emulator on a faster clock: every reply tells its time and scale, which AWS clients ignore;
 * its durations pass N times faster while signatures stay checked against the host's clock; a
 * state directory's clock never runs back; the per-instance provisioning time adds up.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
} from "@aws-sdk/client-sagemaker";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { EMULATOR_TIME_HEADER, TIME_SCALE_HEADER } from "../../src/emulator";
import {
  DATA,
  LINEAR_LEARNER_IMAGE,
  ROLE,
  eventually,
  startTestEmulator,
  startEmulatorProcess,
  tempStateDir,
  type TestEmulator,
} from "../../support/emulator";

/** One S3 ListBuckets through the SDK, with the client's real send and receive times and the reply's headers. */
async function listBuckets(s3: S3Client) {
  let headers: Record<string, string> = {};
  s3.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      headers = (out.response as { headers: Record<string, string> }).headers;
      return out;
    },
    { step: "deserialize", priority: "low", name: "captureHeaders", override: true },
  );
  const sentAt = Date.now();
  const out = await s3.send(new ListBucketsCommand({}));
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
