import { DescribeAlarmsCommand, PutCompositeAlarmCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { CreateEndpointConfigCommand, CreateModelCommand, DescribeModelCommand } from "@aws-sdk/client-sagemaker";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import {
  cleanupTable,
  deleteAlarms,
  deleteEndpointConfig,
  deleteModel,
  deleteObjectsUnder,
  type CleanupRow,
} from "../../src/tasks/cleanup";
import { PROJECT_TAG } from "../../src/aws/config";
import { putErrorRateAlarms, startSession, type SessionFixture } from "../support/session";

describe("Task 4's deletions", () => {
  let f: SessionFixture;
  beforeAll(async () => {
    f = await startSession();
  });
  afterAll(() => f.stop());

  const model = (name: string, tagged: boolean) =>
    f.session.clients.sagemaker.send(
      new CreateModelCommand({
        ModelName: name,
        PrimaryContainer: { Image: f.session.config.images.linearLearner, ModelDataUrl: f.modelUri },
        ExecutionRoleArn: f.session.config.roleArn,
        Tags: tagged ? [PROJECT_TAG] : [{ Key: "team", Value: "someone-else" }],
      }),
    );

  it("deletes what carries the project tag, leaves a same-named resource without it alone, and reports both", async () => {
    await model("weather-model-v1-1", true);
    await model("weather-model-v2-1", false);
    await f.session.clients.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "weather-config-v1-1",
        ProductionVariants: [
          {
            VariantName: "AllTraffic",
            ModelName: "weather-model-v1-1",
            InstanceType: "ml.m5.xlarge",
            InitialInstanceCount: 1,
          },
        ],
        Tags: [PROJECT_TAG],
      }),
    );
    const rows: CleanupRow[] = [];
    for (const name of ["weather-config-v1-1", "weather-config-v1-2"])
      rows.push(await deleteEndpointConfig(f.session, { EndpointConfigName: name }));
    for (const name of ["weather-model-v1-1", "weather-model-v2-1", "weather-model-v2-2"])
      rows.push(await deleteModel(f.session, { ModelName: name }));

    expect(rows.filter((r) => r.type === "EndpointConfig")).toEqual([
      { type: "EndpointConfig", expected: 1, found: 1, deleted: 1, confirmedGone: 1, notOwned: [] },
      { type: "EndpointConfig", expected: 1, found: 0, deleted: 0, confirmedGone: 1, notOwned: [] },
    ]);
    const table = cleanupTable(rows);
    expect(table.values).toEqual([
      ["EndpointConfig", 2, 1, 1, 2, ""],
      ["Model", 3, 2, 1, 2, "weather-model-v2-1"],
    ]);
    await expect(
      f.session.clients.sagemaker.send(new DescribeModelCommand({ ModelName: "weather-model-v2-1" })),
    ).resolves.toBeDefined();
    await expect(
      f.session.clients.sagemaker.send(new DescribeModelCommand({ ModelName: "weather-model-v1-1" })),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringMatching(/^Could not find model /) as unknown,
    });
  });

  it("deletes the alarms that exist and counts the absent ones as gone", async () => {
    await f.session.clients.cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: "TestAlarm-5XXErrors-ep",
        Namespace: "AWS/SageMaker",
        MetricName: "Invocation5XXErrors",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      }),
    );
    const row = await deleteAlarms(f.session, { AlarmNames: ["TestAlarm-5XXErrors-ep", "TestAlarm-4XXErrors-ep"] });
    expect(row).toEqual({
      type: "CloudWatch alarm",
      expected: 2,
      found: 1,
      deleted: 1,
      confirmedGone: 2,
      notOwned: [],
    });
  });

  it("deletes composite alarms, each in a DeleteAlarms of its own, before the alarms they name", async () => {
    const cloudwatch = f.session.clients.cloudwatch;
    const children = ["Rate-ep", "Latency-ep"];
    await putErrorRateAlarms(f, children);
    const composites = ["RateOrLatency-ep", "RateAndLatency-ep"];
    for (const [AlarmName, operator] of [
      [composites[0], "OR"],
      [composites[1], "AND"],
    ] as const)
      await cloudwatch.send(
        new PutCompositeAlarmCommand({
          AlarmName,
          AlarmRule: children.map((c) => `ALARM("${c}")`).join(` ${operator} `),
        }),
      );
    // Children first in the list: CloudWatch would refuse them while a composite still names them.
    const row = await deleteAlarms(f.session, { AlarmNames: [...children, ...composites] });
    expect(row).toEqual({
      type: "CloudWatch alarm",
      expected: 4,
      found: 4,
      deleted: 4,
      confirmedGone: 4,
      notOwned: [],
    });
    const left = await cloudwatch.send(
      new DescribeAlarmsCommand({
        AlarmNames: [...children, ...composites],
        AlarmTypes: ["CompositeAlarm", "MetricAlarm"],
      }),
    );
    expect([...(left.CompositeAlarms ?? []), ...(left.MetricAlarms ?? [])]).toEqual([]);
  });

  it("deletes every object under a prefix, page by page, and nothing beside it", async () => {
    const { bucket } = f.session.config;
    // More than one ListObjectsV2 page (1,000 keys), written 50 at a time.
    for (let start = 0; start < 1_005; start += 50) {
      const batch = Array.from({ length: Math.min(50, 1_005 - start) }, (_, i) => `capture/${start + i}.jsonl`);
      await Promise.all(
        batch.map((Key) => f.session.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: "{}" }))),
      );
    }
    await f.session.clients.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: "capture-other/keep.jsonl", Body: "{}" }),
    );
    expect(await deleteObjectsUnder(f.session, { Bucket: bucket, Prefix: "capture/" })).toMatchObject({
      found: 1_005,
      deleted: 1_005,
      confirmedGone: 1_005,
    });
    expect(await deleteObjectsUnder(f.session, { Bucket: bucket, Prefix: "capture-other/" })).toMatchObject({
      found: 1,
      deleted: 1,
    });
    expect(await deleteObjectsUnder(f.session, { Bucket: "no-such-bucket", Prefix: "x/" })).toMatchObject({
      found: 0,
      deleted: 0,
    });
  });
});
