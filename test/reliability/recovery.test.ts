/**
 * Restarts and failures that must not change outcomes:
 * - a corrupt, empty or `null` state file of any record type is quarantined, and the emulator
 *   starts with the rest, saying so in one line;
 * - an endpoint whose model object was deleted keeps serving across a restart, and a canary whose
 *   new model object was deleted completes across one, as without the restart;
 * - S3 URLs with malformed %-escapes are refused at create time (400), never a 500;
 * - an InternalFailure names no path of the state directory;
 * - a PutMetricData acknowledged just before a SIGKILL is kept.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeAlarmsCommand,
  GetMetricStatisticsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  DescribeModelCommand,
  UpdateEndpointCommand,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { startCli, type CliEmulator } from "./support/cli";
import { onceModelLoaded, startTestEmulator } from "../../support/emulator";
import {
  ARTIFACT,
  LINEAR_LEARNER_IMAGE,
  ROLE,
  ROW,
  deployLinearLearner,
  uploadArtifact,
  waitForEndpoint,
} from "./support/fixtures";
import { canaryConfig } from "../../support/deployment-config";
import { report } from "./support/summary";

const dirs: string[] = [];
const tally = {
  badFiles: 0,
  quarantined: 0,
  restarts: 0,
  outcomesKept: 0,
  badUrls: 0,
  badUrlsRefused: 0,
  internalFailures: 0,
  pathsInAnswers: 0,
  metricsLost: 0,
};

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  report({
    order: 10,
    title: "Recovery and outcomes",
    figures: {
      "bad state files planted (8 record types)": tally.badFiles,
      "  quarantined, emulator started with the rest": tally.quarantined,
      "restarts with deleted model objects": tally.restarts,
      "  outcome as without the restart": tally.outcomesKept,
      "acknowledged PutMetricData lost to SIGKILL": tally.metricsLost,
      "S3 URLs with malformed %-escapes": tally.badUrls,
      "  refused at create time (400 ValidationException)": tally.badUrlsRefused,
      "InternalFailures provoked": tally.internalFailures,
      "  answers naming a state-dir path": tally.pathsInAnswers,
    },
  });
});

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "reliability-recovery-"));
  dirs.push(dir);
  return dir;
};
const invoke = (e: CliEmulator, name: string) =>
  e.runtime.send(new InvokeEndpointCommand({ EndpointName: name, Body: Buffer.from(ROW), ContentType: "text/csv" }));

/**
 * One restart serves both: the state dir gets bad files of every record type, and the model object
 * of an InService endpoint is deleted before the SIGKILL.
 */
describe("a restart with bad state files and a deleted model object", () => {
  let dir: string;
  let e: CliEmulator;

  beforeAll(async () => {
    dir = tempDir();
    e = await startCli(dir, ["--provisioning-delay-ms", "50"]);
    await uploadArtifact(e.s3);
    expect(await deployLinearLearner(e.sagemaker, "kept")).toBe("InService");
    await e.cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: "kept",
        Namespace: "A",
        MetricName: "M",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
      }),
    );
    await e.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: "kept", StateValue: "OK", StateReason: "history" }));
    // As on AWS, the endpoint keeps serving once its model object is gone.
    await e.s3.send(new DeleteObjectCommand({ Bucket: "reliability-models", Key: "005-model.tar.gz" }));
    expect((await invoke(e, "kept")).$metadata.httpStatusCode).toBe(200);
    await e.kill();
    tally.restarts++;

    const objects = join(dir, "s3", "objects");
    const collections = [
      "sagemaker/models",
      "sagemaker/endpoint-configs",
      "sagemaker/endpoints",
      "s3/buckets",
      join("s3/objects", readdirSync(objects)[0]!),
      "cloudwatch/alarms",
      "cloudwatch/alarm-history",
    ];
    const contents = ["", "null", '{"key": "torn', "[]"];
    collections.forEach((c, i) => {
      writeFileSync(join(dir, c, `${"0".repeat(63)}${i}.json`), contents[i % contents.length]!);
      tally.badFiles++;
    });
    // The eighth: a metric log that cannot be read at all (a directory where the file belongs).
    rmSync(join(dir, "cloudwatch", "datapoints.jsonl"), { force: true });
    mkdirSync(join(dir, "cloudwatch", "datapoints.jsonl"));
    tally.badFiles++;
    e = await startCli(dir, ["--provisioning-delay-ms", "50"]);
  });

  afterAll(() => e?.stop());

  it("quarantines corrupt, empty and null files of every record type and starts with the rest, saying so in one line", async () => {
    const lines = e
      .stderr()
      .split("\n")
      .filter((l) => l.includes("Quarantined"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Quarantined ${tally.badFiles} unreadable state file(s)`);
    expect(lines[0]).toContain('held "null"');
    tally.quarantined += readdirSync(join(dir, "quarantine")).length;
    expect(tally.quarantined).toBe(tally.badFiles);
    // The rest is all there and works.
    expect((await e.sagemaker.send(new DescribeModelCommand({ ModelName: "kept" }))).ModelName).toBe("kept");
    expect(
      (await e.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ["kept"] }))).MetricAlarms?.[0]?.StateValue,
    ).toBe("OK");
    expect(existsSync(join(dir, "cloudwatch", "datapoints.jsonl"))).toBe(true);
  });

  it("keeps the InService endpoint whose model object was deleted serving after the restart, as it served before", async () => {
    const d = await e.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "kept" }));
    expect([d.EndpointStatus, d.FailureReason]).toEqual(["InService", undefined]);
    // From the copy it had loaded, once the instance has loaded it again (ModelNotReadyException meanwhile).
    expect((await onceModelLoaded(() => invoke(e, "kept"))).$metadata.httpStatusCode).toBe(200);
    tally.outcomesKept++;
  });
});

describe("a restart does not change a deployment's outcome", () => {
  it("completes a canary whose new model object was deleted during the bake, across a restart in the bake", async () => {
    const dir = tempDir();
    let e = await startCli(dir, ["--provisioning-delay-ms", "50"]);
    await e.s3.send(new CreateBucketCommand({ Bucket: "models" }));
    for (const key of ["v1.tar.gz", "v2.tar.gz"])
      await e.s3.send(new PutObjectCommand({ Bucket: "models", Key: key, Body: ARTIFACT }));
    for (const v of ["v1", "v2"]) {
      await e.sagemaker.send(
        new CreateModelCommand({
          ModelName: v,
          ExecutionRoleArn: ROLE,
          PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: `s3://models/${v}.tar.gz` },
        }),
      );
      await e.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: v,
          ProductionVariants: [
            { VariantName: "AllTraffic", ModelName: v, InitialInstanceCount: 2, InstanceType: "ml.m5.large" },
          ],
        }),
      );
    }
    await e.sagemaker.send(new CreateEndpointCommand({ EndpointName: "canary", EndpointConfigName: "v1" }));
    expect(await waitForEndpoint(e.sagemaker, "canary")).toBe("InService");
    await e.sagemaker.send(
      new UpdateEndpointCommand({
        EndpointName: "canary",
        EndpointConfigName: "v2",
        DeploymentConfig: canaryConfig(3, { terminationWait: 0 }),
      }),
    );
    // Wait for the canary bake: the new fleet has loaded v2.
    const baking = async () => {
      const d = await e.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "canary" }));
      return (d.PendingDeploymentSummary?.ProductionVariants ?? []).some((v) =>
        (v.VariantStatus ?? []).some((s) => s.Status === "Baking"),
      );
    };
    for (let i = 0; i < 200 && !(await baking()); i++) await new Promise((r) => setTimeout(r, 25));
    expect(await baking()).toBe(true);
    await e.s3.send(new DeleteObjectCommand({ Bucket: "models", Key: "v2.tar.gz" }));
    // Item 9: a PutMetricData acknowledged right before the SIGKILL is kept (it answered after its fsync).
    const acked = Date.now();
    await e.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: "Reliability",
        MetricData: [{ MetricName: "Acked", Value: 7, Timestamp: new Date(acked) }],
      }),
    );
    await e.kill();
    tally.restarts++;
    e = await startCli(dir, ["--provisioning-delay-ms", "50"]);
    try {
      expect(await waitForEndpoint(e.sagemaker, "canary").catch(() => "unsettled")).toBe("InService");
      for (let i = 0; i < 400; i++) {
        const d = await e.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "canary" }));
        if (d.EndpointStatus !== "Updating") break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const d = await e.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "canary" }));
      expect([d.EndpointStatus, d.EndpointConfigName, d.FailureReason]).toEqual(["InService", "v2", undefined]);
      expect((await invoke(e, "canary")).$metadata.httpStatusCode).toBe(200);
      tally.outcomesKept++;
      const out = await e.cloudwatch.send(
        new GetMetricStatisticsCommand({
          Namespace: "Reliability",
          MetricName: "Acked",
          StartTime: new Date(acked - 60_000),
          EndTime: new Date(acked + 60_000),
          Period: 60,
          Statistics: ["Sum"],
        }),
      );
      const sum = (out.Datapoints ?? []).reduce((a, d) => a + (d.Sum ?? 0), 0);
      tally.metricsLost += sum === 7 ? 0 : 1;
      expect(sum).toBe(7);
    } finally {
      await e.stop();
    }
  });
});

describe("answers", () => {
  it("refuses S3 URLs with malformed %-escapes at create time (400, not a 500)", async () => {
    const t = await startTestEmulator();
    try {
      const sm = t.sagemaker();
      const refused = async (send: Promise<unknown>) => {
        tally.badUrls++;
        const err = await send.then(
          () => undefined,
          (x: Error & { $metadata?: { httpStatusCode?: number } }) => x,
        );
        expect([err?.name, err?.$metadata?.httpStatusCode]).toEqual(["ValidationException", 400]);
        expect(err?.message).toContain("Member must be a URL with valid percent-encoding");
        tally.badUrlsRefused++;
      };
      await refused(
        sm.send(
          new CreateModelCommand({
            ModelName: "bad-url",
            ExecutionRoleArn: ROLE,
            PrimaryContainer: {
              Image: LINEAR_LEARNER_IMAGE,
              ModelDataUrl: "https://models.s3.us-east-1.amazonaws.com/model%zz.tar.gz",
            },
          }),
        ),
      );
      await uploadArtifact(t.s3());
      expect(await deployLinearLearner(sm, "capture-base")).toBe("InService");
      await refused(
        sm.send(
          new CreateEndpointConfigCommand({
            EndpointConfigName: "bad-capture",
            ProductionVariants: [
              {
                VariantName: "AllTraffic",
                ModelName: "capture-base",
                InitialInstanceCount: 1,
                InstanceType: "ml.m5.large",
              },
            ],
            DataCaptureConfig: {
              InitialSamplingPercentage: 100,
              DestinationS3Uri: "https://capture.s3.amazonaws.com/prefix%G0",
              CaptureOptions: [{ CaptureMode: "Input" }],
            },
          }),
        ),
      );
    } finally {
      await t.stop();
    }
  });

  it("names no state-dir path in an InternalFailure", async () => {
    const t = await startTestEmulator();
    try {
      await uploadArtifact(t.s3());
      // The blob directory vanishes under the emulator: PutObject fails inside, with ENOENT on a state path.
      rmSync(join(t.stateDir, "s3", "blobs"), { recursive: true, force: true });
      const failed = await t
        .s3()
        .send(new PutObjectCommand({ Bucket: "reliability-models", Key: "after", Body: "x" }))
        .then(
          () => undefined,
          (x: Error & { $metadata?: { httpStatusCode?: number } }) => x,
        );
      tally.internalFailures++;
      expect([failed?.name, failed?.$metadata?.httpStatusCode]).toEqual(["InternalFailure", 500]);
      if (failed?.message.includes(t.stateDir)) tally.pathsInAnswers++;
      expect(failed?.message).toBe(
        "The request processing has failed because of an unknown error, exception or failure. (ENOENT)",
      );
    } finally {
      await t.stop();
    }
  });
});
