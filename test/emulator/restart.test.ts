/**
 * Crash safety: the emulator runs as its own process (the CLI), is killed with SIGKILL, and a new
 * process on the same state directory serves everything that was acknowledged before the kill.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { GetMetricStatisticsCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  ListTagsCommand,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import {
  DATA,
  LINEAR_LEARNER_IMAGE,
  ROLE,
  ROW,
  eventually,
  onceModelLoaded,
  startEmulatorProcess,
  tempStateDir,
  type SdkClients,
} from "../../support/emulator";

const clients = (c: SdkClients) => ({ s3: c.s3(), sm: c.sagemaker(), cw: c.cloudwatch(), rt: c.runtime() });

const stateDir = tempStateDir();
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe("restart after SIGKILL", () => {
  it("keeps buckets, objects, models, configurations, endpoints, tags and metrics; the endpoint serves again", async () => {
    const first = await startEmulatorProcess(stateDir, ["--provisioning-delay-ms", "50"]);
    const a = clients(first);
    await a.s3.send(new CreateBucketCommand({ Bucket: "survivor" }));
    await a.s3.send(
      new PutObjectCommand({
        Bucket: "survivor",
        Key: "model.tar.gz",
        Body: readFileSync(join(DATA, "005-model.tar.gz")),
      }),
    );
    await a.s3.send(new PutObjectCommand({ Bucket: "survivor", Key: "notes/readme.txt", Body: "still here" }));
    await a.sm.send(
      new CreateModelCommand({
        ModelName: "m",
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: "s3://survivor/model.tar.gz" },
        Tags: [{ Key: "k", Value: "v" }],
      }),
    );
    await a.sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "c",
        ProductionVariants: [
          { VariantName: "v", ModelName: "m", InitialInstanceCount: 1, InstanceType: "ml.m5.large" },
        ],
      }),
    );
    await a.sm.send(new CreateEndpointCommand({ EndpointName: "e", EndpointConfigName: "c" }));
    const settled = await eventually(async () => {
      const d = await a.sm.send(new DescribeEndpointCommand({ EndpointName: "e" }));
      return d.EndpointStatus === "Creating" ? undefined : d;
    });
    expect(settled.EndpointStatus).toBe("InService");
    const invoke = (rt: SageMakerRuntimeClient) =>
      rt.send(new InvokeEndpointCommand({ EndpointName: "e", Body: Buffer.from(ROW), ContentType: "text/csv" }));
    const before = Buffer.from((await invoke(a.rt)).Body).toString();
    const Timestamp = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    await a.cw.send(
      new PutMetricDataCommand({
        Namespace: "Test/Restart",
        MetricData: [{ MetricName: "Kept", Value: 42, Timestamp }],
      }),
    );
    await new Promise((r) => setTimeout(r, 1200)); // metric datapoints are flushed every second
    await first.kill("SIGKILL");

    const second = await startEmulatorProcess(stateDir, ["--provisioning-delay-ms", "50"]);
    try {
      const b = clients(second);
      const listed = await b.s3.send(new ListObjectsV2Command({ Bucket: "survivor" }));
      expect(listed.Contents?.map((c) => c.Key)).toEqual(["model.tar.gz", "notes/readme.txt"]);
      expect(
        await (
          await b.s3.send(new GetObjectCommand({ Bucket: "survivor", Key: "notes/readme.txt" }))
        ).Body?.transformToString(),
      ).toBe("still here");
      const model = await b.sm.send(new DescribeModelCommand({ ModelName: "m" }));
      expect(model.PrimaryContainer?.ModelDataUrl).toBe("s3://survivor/model.tar.gz");
      expect((await b.sm.send(new ListTagsCommand({ ResourceArn: model.ModelArn }))).Tags).toEqual([
        { Key: "k", Value: "v" },
      ]);
      expect(
        (await b.sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: "c" }))).ProductionVariants?.[0]
          ?.VariantName,
      ).toBe("v");
      const endpoint = await b.sm.send(new DescribeEndpointCommand({ EndpointName: "e" }));
      expect(endpoint.EndpointStatus).toBe("InService");
      expect(endpoint.CreationTime).toEqual(settled.CreationTime);
      // The instance loads the model again after the restart (ModelNotReadyException meanwhile).
      expect(Buffer.from((await onceModelLoaded(() => invoke(b.rt))).Body).toString()).toBe(before);
      const stats = await b.cw.send(
        new GetMetricStatisticsCommand({
          Namespace: "Test/Restart",
          MetricName: "Kept",
          StartTime: Timestamp,
          EndTime: new Date(Timestamp.getTime() + 60_000),
          Period: 60,
          Statistics: ["Sum"],
        }),
      );
      expect(stats.Datapoints?.map((d) => d.Sum)).toEqual([42]);
    } finally {
      await second.kill("SIGKILL");
    }
  });
});
