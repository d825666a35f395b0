import {
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
  type MetricAlarm,
  type PutMetricAlarmCommandInput,
} from "@aws-sdk/client-cloudwatch";
import { ManualClock } from "../../../../src/emulator/clock";
import { failure, startTestEmulator, tempStateDir, type TestEmulator } from "../../../../support/emulator";
import { alarmSchedule } from "./alarm-schedule";

const clock = new ManualClock();
const stateDir = tempStateDir();
let t: TestEmulator;

// No publication delay: these tests follow CloudWatch's own schedule on exact 10-second and minute
// boundaries; the delay SageMaker's metrics add is tested in cloudwatch/publication.test.ts.
const options = { clock, stateDir, publicationDelayMs: 0 };

beforeAll(async () => {
  t = await startTestEmulator(options);
});
afterAll(() => t.stop());

const NAMESPACE = "Test/Alarms";
const dims = (name: string) => [{ Name: "Service", Value: name }];

const { nextMinute, until, put } = alarmSchedule(clock, () => t.cloudwatch(), NAMESPACE);

function alarm(name: string, extra: Partial<PutMetricAlarmCommandInput> = {}): PutMetricAlarmCommandInput {
  return {
    AlarmName: name,
    Namespace: NAMESPACE,
    MetricName: "Errors",
    Dimensions: dims(name),
    Statistic: "Sum",
    Period: 10,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: "GreaterThanOrEqualToThreshold",
    ...extra,
  };
}

const create = (input: PutMetricAlarmCommandInput) => t.cloudwatch().send(new PutMetricAlarmCommand(input));

async function describe1(name: string): Promise<MetricAlarm> {
  const out = await t.cloudwatch().send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  expect(out.MetricAlarms).toHaveLength(1);
  return out.MetricAlarms![0]!;
}

const ARN = (name: string) => `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${name}`;

describe("PutMetricAlarm and DescribeAlarms", () => {
  it("creates an alarm in INSUFFICIENT_DATA, unchecked, with its definition echoed", async () => {
    const zero = nextMinute();
    await create(
      alarm("new-alarm", {
        AlarmDescription: "a guardrail",
        ActionsEnabled: false,
        TreatMissingData: "notBreaching",
        Unit: "Count",
      }),
    );
    expect(await describe1("new-alarm")).toEqual({
      AlarmName: "new-alarm",
      AlarmArn: ARN("new-alarm"),
      AlarmDescription: "a guardrail",
      AlarmConfigurationUpdatedTimestamp: new Date(zero),
      ActionsEnabled: false,
      OKActions: [],
      AlarmActions: [],
      InsufficientDataActions: [],
      StateValue: "INSUFFICIENT_DATA",
      StateReason: "Unchecked: Initial alarm creation",
      StateUpdatedTimestamp: new Date(zero),
      StateTransitionedTimestamp: new Date(zero),
      MetricName: "Errors",
      Namespace: NAMESPACE,
      Statistic: "Sum",
      Dimensions: dims("new-alarm"),
      Period: 10,
      Unit: "Count",
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
    });
  });

  it("keeps the state when an alarm is redefined, and records both configuration updates", async () => {
    await create(alarm("redefined", { TreatMissingData: "breaching" }));
    const zero = nextMinute();
    until(zero, 10);
    expect((await describe1("redefined")).StateValue).toBe("ALARM");
    await create(alarm("redefined", { Threshold: 5, TreatMissingData: "breaching" }));
    const redefined = await describe1("redefined");
    expect(redefined).toMatchObject({
      StateValue: "ALARM",
      Threshold: 5,
      AlarmConfigurationUpdatedTimestamp: new Date(zero + 10_000),
    });
    const history = await t.cloudwatch().send(
      new DescribeAlarmHistoryCommand({
        AlarmName: "redefined",
        HistoryItemType: "ConfigurationUpdate",
        ScanBy: "TimestampAscending",
      }),
    );
    expect(history.AlarmHistoryItems?.map((h) => h.HistorySummary)).toEqual([
      'Alarm "redefined" created',
      'Alarm "redefined" updated',
    ]);
    expect(JSON.parse(history.AlarmHistoryItems![0]!.HistoryData!)).toMatchObject({
      version: "1.0",
      type: "Create",
      createdAlarm: { name: "redefined", threshold: 1 },
    });
  });

  it("filters by names, prefix and state, and pages with MaxRecords and NextToken", async () => {
    for (const name of ["page-a", "page-b", "page-c"]) await create(alarm(name));
    const cw = t.cloudwatch();
    const first = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "page-", MaxRecords: 2 }));
    expect(first.MetricAlarms?.map((a) => a.AlarmName)).toEqual(["page-a", "page-b"]);
    const second = await cw.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: "page-", MaxRecords: 2, NextToken: first.NextToken }),
    );
    expect(second.MetricAlarms?.map((a) => a.AlarmName)).toEqual(["page-c"]);
    expect(second.NextToken).toBeUndefined();
    const byName = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["page-c", "page-a", "nothing"] }));
    expect(byName.MetricAlarms?.map((a) => a.AlarmName)).toEqual(["page-a", "page-c"]);
    const inAlarm = await cw.send(new DescribeAlarmsCommand({ StateValue: "ALARM", AlarmNamePrefix: "page-" }));
    expect(inAlarm.MetricAlarms).toEqual([]);
    const composite = await cw.send(new DescribeAlarmsCommand({ AlarmTypes: ["CompositeAlarm"] }));
    expect(composite).toMatchObject({ MetricAlarms: [], CompositeAlarms: [] });
  });

  it("finds the alarms of a metric (DescribeAlarmsForMetric)", async () => {
    await create(alarm("for-metric-sum"));
    await create(
      alarm("for-metric-p90", { Statistic: undefined, ExtendedStatistic: "p90", Dimensions: dims("for-metric-sum") }),
    );
    const cw = t.cloudwatch();
    const all = await cw.send(
      new DescribeAlarmsForMetricCommand({
        Namespace: NAMESPACE,
        MetricName: "Errors",
        Dimensions: dims("for-metric-sum"),
      }),
    );
    expect(all.MetricAlarms?.map((a) => a.AlarmName)).toEqual(["for-metric-p90", "for-metric-sum"]);
    const p90 = await cw.send(
      new DescribeAlarmsForMetricCommand({ Namespace: NAMESPACE, MetricName: "Errors", ExtendedStatistic: "p90" }),
    );
    expect(p90.MetricAlarms?.map((a) => a.AlarmName)).toEqual(["for-metric-p90"]);
  });

  it("turns actions on and off (Enable/DisableAlarmActions)", async () => {
    await create(alarm("actions", { AlarmActions: ["arn:aws:sns:us-east-1:000000000000:pager"] }));
    await t.cloudwatch().send(new DisableAlarmActionsCommand({ AlarmNames: ["actions"] }));
    expect((await describe1("actions")).ActionsEnabled).toBe(false);
    await t.cloudwatch().send(new EnableAlarmActionsCommand({ AlarmNames: ["actions"] }));
    expect(await describe1("actions")).toMatchObject({
      ActionsEnabled: true,
      AlarmActions: ["arn:aws:sns:us-east-1:000000000000:pager"],
    });
    const byAction = await t
      .cloudwatch()
      .send(new DescribeAlarmsCommand({ ActionPrefix: "arn:aws:sns:us-east-1:000000000000:pa" }));
    expect(byAction.MetricAlarms?.map((a) => a.AlarmName)).toEqual(["actions"]);
  });

  it("deletes alarms, skipping names that do not exist, and keeps their history", async () => {
    await create(alarm("doomed"));
    await t.cloudwatch().send(new DeleteAlarmsCommand({ AlarmNames: ["doomed", "never-existed"] }));
    expect((await t.cloudwatch().send(new DescribeAlarmsCommand({ AlarmNames: ["doomed"] }))).MetricAlarms).toEqual([]);
    const history = await t.cloudwatch().send(new DescribeAlarmHistoryCommand({ AlarmName: "doomed" }));
    expect(history.AlarmHistoryItems?.map((h) => h.HistorySummary)).toEqual([
      'Alarm "doomed" deleted',
      'Alarm "doomed" created',
    ]);
  });

  it("refuses invalid definitions with CloudWatch's error codes", async () => {
    const cw = t.cloudwatch();
    const period = await failure(create(alarm("bad", { Period: 45 })));
    expect(period.name).toBe("InvalidParameterValueException");
    expect(period.message).toBe("Period must be 10, 20, 30 or a multiple of 60.");
    const both = await failure(create(alarm("bad", { ExtendedStatistic: "p99" })));
    expect(both.name).toBe("InvalidParameterCombinationException");
    const neither = await failure(create(alarm("bad", { Statistic: undefined })));
    expect(neither.name).toBe("InvalidParameterCombinationException");
    const m = await failure(create(alarm("bad", { EvaluationPeriods: 2, DatapointsToAlarm: 3 })));
    expect(m.name).toBe("InvalidParameterCombinationException");
    const range = await failure(create(alarm("bad", { Period: 10, EvaluationPeriods: 8641 })));
    expect(range.name).toBe("InvalidParameterCombinationException");
    const threshold = await failure(create(alarm("bad", { Threshold: undefined })));
    expect(threshold.name).toBe("MissingRequiredParameterException");
    expect(threshold.message).toBe("The parameter Threshold is required.");
    const percentile = await failure(create(alarm("bad", { Statistic: undefined, ExtendedStatistic: "tm90" })));
    expect(percentile.message).toBe("The value tm90 for parameter ExtendedStatistic is not supported.");
    const math = await failure(create({ ...alarm("bad"), Metrics: [{ Id: "e", Expression: "m1 * 2" }] }));
    expect(math.name).toBe("InvalidParameterCombinationException");
    expect((await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["bad"] }))).MetricAlarms).toEqual([]);
  });
});

describe("evaluation on the alarm's schedule", () => {
  let zero: number;

  it("goes to ALARM at the end of a breaching 10-second period, with AWS's reason and reason data", async () => {
    zero = nextMinute();
    await create(alarm("five-xx", { TreatMissingData: "notBreaching" }));
    await put("Errors", "five-xx", zero, 3, 2);
    await put("Errors", "five-xx", zero, 7, 1);
    until(zero, 9.999);
    expect((await describe1("five-xx")).StateValue).toBe("INSUFFICIENT_DATA");
    until(zero, 10);
    const a = await describe1("five-xx");
    expect(a.StateValue).toBe("ALARM");
    expect(a.StateReason).toBe(
      `Threshold Crossed: 1 datapoint [3.0 (${reasonTime(zero)})] was greater than or equal to the threshold (1.0).`,
    );
    expect(a.StateUpdatedTimestamp).toEqual(new Date(zero + 10_000));
    expect(JSON.parse(a.StateReasonData!)).toEqual({
      version: "1.0",
      queryDate: javaTime(zero + 10_000),
      startDate: javaTime(zero),
      statistic: "Sum",
      period: 10,
      recentDatapoints: [3],
      threshold: 1,
      evaluatedDatapoints: [{ timestamp: javaTime(zero), sampleCount: 2, value: 3 }],
    });
  });

  it("returns to OK when the next period is within the threshold, and records each change in the history", async () => {
    await put("Errors", "five-xx", zero, 12, 0);
    until(zero, 20);
    const a = await describe1("five-xx");
    expect(a.StateValue).toBe("OK");
    expect(a.StateReason).toBe(
      `Threshold Crossed: 1 datapoint [0.0 (${reasonTime(zero + 10_000)})] was not greater than or equal to the threshold (1.0).`,
    );
    const history = await t
      .cloudwatch()
      .send(new DescribeAlarmHistoryCommand({ AlarmName: "five-xx", HistoryItemType: "StateUpdate" }));
    expect(history.AlarmHistoryItems?.map((h) => [h.HistorySummary, h.AlarmType])).toEqual([
      ["Alarm updated from ALARM to OK", "MetricAlarm"],
      ["Alarm updated from INSUFFICIENT_DATA to ALARM", "MetricAlarm"],
    ]);
    expect(JSON.parse(history.AlarmHistoryItems![0]!.HistoryData!)).toMatchObject({
      version: "1.0",
      oldState: {
        stateValue: "ALARM",
        stateReason: expect.stringMatching(/^Threshold Crossed: 1 datapoint \[3\.0/) as unknown,
      },
      newState: {
        stateValue: "OK",
        stateReason: a.StateReason,
        stateReasonData: JSON.parse(a.StateReasonData!) as unknown,
      },
    });
    expect(history.AlarmHistoryItems![0]!.Timestamp).toEqual(new Date(zero + 20_000));
  });

  it("keeps deciding on the latest real datapoint of its evaluation range while newer periods are empty", async () => {
    // N = 1 looks back over 3 periods: the breaching datapoint decides until it leaves the range.
    await put("Errors", "five-xx", zero, 25, 4);
    until(zero, 30);
    expect((await describe1("five-xx")).StateValue).toBe("ALARM");
    until(zero, 50);
    expect((await describe1("five-xx")).StateValue).toBe("ALARM");
    until(zero, 60);
    expect((await describe1("five-xx")).StateReason).toBe(
      "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].",
    );
  });

  it("treats missing data as the alarm says: notBreaching → OK, breaching → ALARM, missing → INSUFFICIENT_DATA, ignore → unchanged", async () => {
    for (const treat of ["notBreaching", "breaching", "missing", "ignore"] as const)
      await create(alarm(`missing-${treat}`, { TreatMissingData: treat }));
    const zero = nextMinute();
    until(zero, 10);
    const state = async (treat: string) => {
      const a = await describe1(`missing-${treat}`);
      return [a.StateValue, a.StateReason];
    };
    expect(await state("notBreaching")).toEqual([
      "OK",
      "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].",
    ]);
    expect(await state("breaching")).toEqual([
      "ALARM",
      "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [Breaching].",
    ]);
    expect(await state("missing")).toEqual(["INSUFFICIENT_DATA", "Unchecked: Initial alarm creation"]);
    expect(await state("ignore")).toEqual(["INSUFFICIENT_DATA", "Unchecked: Initial alarm creation"]);
    await t
      .cloudwatch()
      .send(new SetAlarmStateCommand({ AlarmName: "missing-missing", StateValue: "OK", StateReason: "testing" }));
    until(zero, 20);
    expect(await state("missing")).toEqual([
      "INSUFFICIENT_DATA",
      "Insufficient Data: no datapoints were received for 1 period and 1 missing datapoint was treated as [Missing].",
    ]);
  });

  it("alarms when M of the last N datapoints breach (DatapointsToAlarm), looking past missing periods", async () => {
    await create(
      alarm("two-of-three", {
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        Threshold: 2,
        ComparisonOperator: "GreaterThanThreshold",
        Statistic: "Maximum",
      }),
    );
    const zero = nextMinute();
    await put("Errors", "two-of-three", zero, 1, 5);
    await put("Errors", "two-of-three", zero, 11, 1);
    until(zero, 30);
    // Periods: [0,10) 5 · [10,20) 1 · [20,30) missing. Two real datapoints, one breaching: M = 2 is still reachable.
    expect((await describe1("two-of-three")).StateValue).toBe("INSUFFICIENT_DATA");
    await put("Errors", "two-of-three", zero, 35, 3);
    until(zero, 40);
    const a = await describe1("two-of-three");
    expect(a.StateValue).toBe("ALARM");
    expect(a.StateReason).toBe(
      `Threshold Crossed: 2 out of the last 3 datapoints [3.0 (${reasonTime(zero + 30_000)}), 5.0 (${reasonTime(zero)})] were greater than the threshold (2.0) (minimum 2 datapoints for OK -> ALARM transition).`,
    );
    // The latest three real datapoints are now 0, 3 and 1: one breach.
    await put("Errors", "two-of-three", zero, 45, 0);
    until(zero, 50);
    const ok = await describe1("two-of-three");
    expect(ok.StateValue).toBe("OK");
    expect(ok.StateReason).toBe(
      `Threshold Crossed: 2 out of the last 3 datapoints [0.0 (${reasonTime(zero + 40_000)}), 1.0 (${reasonTime(zero + 10_000)})] were not greater than the threshold (2.0) (minimum 2 datapoints for ALARM -> OK transition).`,
    );
  });

  it("evaluates percentiles (ExtendedStatistic) and datapoints sent with PutMetricData like the endpoint's own", async () => {
    await create(
      alarm("slow-p90", {
        MetricName: "Latency",
        Statistic: undefined,
        ExtendedStatistic: "p90",
        Threshold: 100,
        Period: 20,
        TreatMissingData: "notBreaching",
      }),
    );
    const zero = nextMinute();
    for (let i = 0; i < 10; i++) await put("Latency", "slow-p90", zero, 2 + i, i < 8 ? 10 : 500);
    until(zero, 20);
    const a = await describe1("slow-p90");
    expect(a.StateValue).toBe("ALARM");
    expect(JSON.parse(a.StateReasonData!)).toMatchObject({ extendedStatistic: "p90", period: 20 });
  });

  it("evaluates alarms with periods of a minute or more once a minute", async () => {
    await create(alarm("per-minute", { Period: 60 }));
    const zero = nextMinute();
    await put("Errors", "per-minute", zero, 5, 1);
    until(zero, 59);
    expect((await describe1("per-minute")).StateValue).toBe("INSUFFICIENT_DATA");
    until(zero, 60);
    expect((await describe1("per-minute")).StateReason).toBe(
      `Threshold Crossed: 1 datapoint [1.0 (${reasonTime(zero)})] was greater than or equal to the threshold (1.0).`,
    );
  });
});

describe("SetAlarmState", () => {
  it("sets a state that holds until the next evaluation", async () => {
    await create(alarm("forced", { TreatMissingData: "notBreaching" }));
    const zero = nextMinute();
    until(zero, 10);
    await t.cloudwatch().send(
      new SetAlarmStateCommand({
        AlarmName: "forced",
        StateValue: "ALARM",
        StateReason: "drill",
        StateReasonData: '{"drill":true}',
      }),
    );
    expect(await describe1("forced")).toMatchObject({
      StateValue: "ALARM",
      StateReason: "drill",
      StateReasonData: '{"drill":true}',
    });
    until(zero, 20);
    expect((await describe1("forced")).StateValue).toBe("OK");
  });

  it("answers ResourceNotFound for an unknown alarm and InvalidFormat for reason data that is not JSON", async () => {
    const cw = t.cloudwatch();
    const missing = await failure(
      cw.send(new SetAlarmStateCommand({ AlarmName: "ghost", StateValue: "OK", StateReason: "x" })),
    );
    expect(missing.name).toBe("ResourceNotFound");
    expect(missing.$metadata.httpStatusCode).toBe(404);
    const json = await failure(
      cw.send(
        new SetAlarmStateCommand({
          AlarmName: "forced",
          StateValue: "OK",
          StateReason: "x",
          StateReasonData: "{not json",
        }),
      ),
    );
    expect(json.name).toBe("InvalidFormatFault");
  });
});

describe("after a restart", () => {
  it("keeps alarms, their states and their history", async () => {
    const history = () => t.cloudwatch().send(new DescribeAlarmHistoryCommand({ AlarmName: "five-xx" }));
    const before = [await describe1("five-xx"), (await history()).AlarmHistoryItems];
    await t.emulator.stop();
    t = await startTestEmulator(options);
    expect([await describe1("five-xx"), (await history()).AlarmHistoryItems]).toEqual(before);
  });
});

function reasonTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

const javaTime = (ms: number) => new Date(ms).toISOString().replace("Z", "+0000");
