import { rmSync } from "node:fs";
import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type CloudWatchClient,
  type Tag,
} from "@aws-sdk/client-cloudwatch";
import { failure, startTestEmulator, tempStateDir, type TestEmulator } from "../../../../support/emulator";

const alarm = (AlarmName: string, Tags?: Tag[]) =>
  new PutMetricAlarmCommand({
    AlarmName,
    Namespace: "Test/Tags",
    MetricName: "Errors",
    Statistic: "Sum",
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: "GreaterThanOrEqualToThreshold",
    Tags,
  });

const tagsOf = async (cw: CloudWatchClient, ResourceARN: string) =>
  (await cw.send(new ListTagsForResourceCommand({ ResourceARN }))).Tags;

describe("alarm ARNs", () => {
  it.each([
    ["eu-west-1", "arn:aws:cloudwatch:eu-west-1:000000000000:alarm:"],
    ["cn-north-1", "arn:aws-cn:cloudwatch:cn-north-1:000000000000:alarm:"],
    ["us-gov-west-1", "arn:aws-us-gov:cloudwatch:us-gov-west-1:000000000000:alarm:"],
  ])("carry the emulator's Region (%s) and its partition", async (region, prefix) => {
    const t = await startTestEmulator({ region });
    try {
      const cw = t.cloudwatch();
      await cw.send(alarm("regional"));
      await cw.send(new PutCompositeAlarmCommand({ AlarmName: "regional-composite", AlarmRule: "ALARM(regional)" }));
      const out = await cw.send(
        new DescribeAlarmsCommand({ AlarmNamePrefix: "regional", AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }),
      );
      expect(out.MetricAlarms?.map((a) => a.AlarmArn)).toEqual([`${prefix}regional`]);
      expect(out.CompositeAlarms?.map((a) => a.AlarmArn)).toEqual([`${prefix}regional-composite`]);
      // A rule may name its child by this ARN.
      await cw.send(new PutCompositeAlarmCommand({ AlarmName: "by-arn", AlarmRule: `ALARM("${prefix}regional")` }));
    } finally {
      await t.stop();
    }
  });
});

describe("alarm tags", () => {
  let t: TestEmulator;
  const stateDir = tempStateDir();
  const ARN = (name: string) => `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${name}`;
  beforeAll(async () => {
    t = await startTestEmulator({ stateDir });
  });
  afterAll(async () => {
    await t.emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("keeps Tags given at creation, ignores them on an update, and tags and untags by ARN", async () => {
    const cw = t.cloudwatch();
    await cw.send(alarm("tagged", [{ Key: "team", Value: "ml" }]));
    expect(await tagsOf(cw, ARN("tagged"))).toEqual([{ Key: "team", Value: "ml" }]);
    await cw.send(alarm("tagged", [{ Key: "ignored", Value: "on update" }]));
    expect(await tagsOf(cw, ARN("tagged"))).toEqual([{ Key: "team", Value: "ml" }]);
    await cw.send(
      new TagResourceCommand({
        ResourceARN: ARN("tagged"),
        Tags: [
          { Key: "team", Value: "platform" },
          { Key: "stage", Value: "" },
        ],
      }),
    );
    expect(await tagsOf(cw, ARN("tagged"))).toEqual([
      { Key: "team", Value: "platform" },
      { Key: "stage", Value: "" },
    ]);
    await cw.send(new UntagResourceCommand({ ResourceARN: ARN("tagged"), TagKeys: ["team", "never-set"] }));
    expect(await tagsOf(cw, ARN("tagged"))).toEqual([{ Key: "stage", Value: "" }]);

    await cw.send(
      new PutCompositeAlarmCommand({
        AlarmName: "tagged-composite",
        AlarmRule: "ALARM(tagged)",
        Tags: [{ Key: "kind", Value: "composite" }],
      }),
    );
    expect(await tagsOf(cw, ARN("tagged-composite"))).toEqual([{ Key: "kind", Value: "composite" }]);
  });

  it("answers ResourceNotFoundException for no such alarm and InvalidParameterValue for what is no alarm ARN", async () => {
    const cw = t.cloudwatch();
    for (const send of [
      () => cw.send(new ListTagsForResourceCommand({ ResourceARN: ARN("absent") })),
      () => cw.send(new TagResourceCommand({ ResourceARN: ARN("absent"), Tags: [{ Key: "k", Value: "v" }] })),
      () => cw.send(new UntagResourceCommand({ ResourceARN: ARN("absent"), TagKeys: ["k"] })),
      // An alarm of this name, in another Region.
      () =>
        cw.send(
          new ListTagsForResourceCommand({ ResourceARN: "arn:aws:cloudwatch:eu-west-1:000000000000:alarm:tagged" }),
        ),
    ]) {
      const e = await failure(send());
      expect([e.name, e.$metadata.httpStatusCode]).toEqual(["ResourceNotFoundException", 404]);
    }
    const bad = await failure(
      cw.send(new ListTagsForResourceCommand({ ResourceARN: "arn:aws:sns:us-east-1:000000000000:topic" })),
    );
    expect(bad.name).toBe("InvalidParameterValueException");
  });

  it("holds an alarm to 50 tags and the documented key and value lengths", async () => {
    const cw = t.cloudwatch();
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    await cw.send(alarm("full", fifty));
    const over = await failure(
      cw.send(new TagResourceCommand({ ResourceARN: ARN("full"), Tags: [{ Key: "k50", Value: "v" }] })),
    );
    expect(over.name).toBe("InvalidParameterValueException");
    // Replacing a value adds no tag.
    await cw.send(new TagResourceCommand({ ResourceARN: ARN("full"), Tags: [{ Key: "k0", Value: "w" }] }));
    const tooMany = await failure(cw.send(alarm("too-many", [...fifty, { Key: "k50", Value: "v" }])));
    expect(tooMany.name).toBe("InvalidParameterValueException");
    const longKey = await failure(
      cw.send(new TagResourceCommand({ ResourceARN: ARN("full"), Tags: [{ Key: "k".repeat(129), Value: "v" }] })),
    );
    expect((longKey as Error & { Code?: string }).Code).toBe("ValidationError");
    expect(longKey.message).toContain("Member must have length less than or equal to 128");
    const longValue = await failure(
      cw.send(new TagResourceCommand({ ResourceARN: ARN("full"), Tags: [{ Key: "k0", Value: "v".repeat(257) }] })),
    );
    expect(longValue.message).toContain("Member must have length less than or equal to 256");
    expect(await tagsOf(cw, ARN("full"))).toHaveLength(50);
  });

  it("keeps alarms and their tags across a restart, and drops tags with the alarm", async () => {
    await t.emulator.stop();
    t = await startTestEmulator({ stateDir });
    const cw = t.cloudwatch();
    expect(await tagsOf(cw, ARN("tagged"))).toEqual([{ Key: "stage", Value: "" }]);
    expect(await tagsOf(cw, ARN("tagged-composite"))).toEqual([{ Key: "kind", Value: "composite" }]);
    // The composite alarm itself comes back with its rule and state.
    const composites = await cw.send(
      new DescribeAlarmsCommand({ AlarmNames: ["tagged-composite"], AlarmTypes: ["CompositeAlarm"] }),
    );
    expect(composites.CompositeAlarms).toMatchObject([{ AlarmRule: "ALARM(tagged)", StateValue: "OK" }]);
    expect((await tagsOf(cw, ARN("full")))?.[0]).toEqual({ Key: "k0", Value: "w" });
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ["full"] }));
    expect((await failure(tagsOf(cw, ARN("full")))).name).toBe("ResourceNotFoundException");
    await cw.send(alarm("full"));
    expect(await tagsOf(cw, ARN("full"))).toEqual([]);
  });
});
