/**
 * Alarms on metric math (PutMetricAlarm with Metrics), through the JS client over HTTP: the
 * definition as DescribeAlarms shows it, CloudWatch's checks of the Metrics list, and evaluation
 * on the alarm's schedule like any other alarm – M of N datapoints and TreatMissingData.
 */
import {
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type MetricAlarm,
  type MetricDataQuery,
  type PutMetricAlarmCommandInput,
} from "@aws-sdk/client-cloudwatch";
import { ManualClock } from "../../../../../src/emulator/clock";
import { failure, startTestEmulator, tempStateDir, type TestEmulator } from "../../../../../support/emulator";
import { alarmSchedule } from "../alarm-schedule";

const clock = new ManualClock();
let t: TestEmulator;

beforeAll(async () => {
  // No publication delay: evaluations land on CloudWatch's exact 10-second boundaries.
  t = await startTestEmulator({ clock, stateDir: tempStateDir(), publicationDelayMs: 0 });
});
afterAll(() => t.stop());

const NAMESPACE = "Test/MathAlarms";

const { nextMinute, until, put } = alarmSchedule(clock, () => t.cloudwatch(), NAMESPACE);

const metric = (Id: string, name: string, service: string): MetricDataQuery => ({
  Id,
  MetricStat: {
    Metric: { Namespace: NAMESPACE, MetricName: name, Dimensions: [{ Name: "Service", Value: service }] },
    Period: 10,
    Stat: "Sum",
  },
  ReturnData: false,
});

/** An error-rate alarm: 100 * errors / requests of `service`, above 10 %. */
function rateAlarm(name: string, service: string, extra: Partial<PutMetricAlarmCommandInput> = {}) {
  return {
    AlarmName: name,
    Metrics: [
      metric("m1", "Errors", service),
      metric("m2", "Requests", service),
      { Id: "e1", Expression: "100 * m1 / m2", Label: "Error rate", ReturnData: true },
    ],
    EvaluationPeriods: 1,
    Threshold: 10,
    ComparisonOperator: "GreaterThanThreshold",
    ...extra,
  } satisfies PutMetricAlarmCommandInput;
}

const create = (input: PutMetricAlarmCommandInput) => t.cloudwatch().send(new PutMetricAlarmCommand(input));

async function describe1(name: string): Promise<MetricAlarm> {
  const out = await t.cloudwatch().send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  expect(out.MetricAlarms).toHaveLength(1);
  return out.MetricAlarms![0]!;
}

const javaTime = (ms: number) => new Date(ms).toISOString().replace("Z", "+0000");

describe("alarms on metric math", () => {
  it("are created with their Metrics, which DescribeAlarms returns in place of a metric", async () => {
    await create(rateAlarm("rate-described", "described", { TreatMissingData: "notBreaching" }));
    const a = await describe1("rate-described");
    expect(a).toMatchObject({
      AlarmName: "rate-described",
      StateValue: "INSUFFICIENT_DATA",
      Metrics: rateAlarm("rate-described", "described").Metrics,
      Threshold: 10,
      Period: 10,
      EvaluationPeriods: 1,
    });
    for (const member of ["MetricName", "Namespace", "Statistic", "Dimensions"] as const)
      expect(a[member]).toBeUndefined();
  });

  it("go to ALARM when M of the last N datapoints of the expression breach, and to OK when not", async () => {
    const zero = nextMinute();
    await create(
      rateAlarm("rate-2-of-3", "api", { EvaluationPeriods: 3, DatapointsToAlarm: 2, TreatMissingData: "notBreaching" }),
    );
    // Error rates of the three 10-second periods: 50 %, 0 % (no errors at all), 30 %.
    for (const s of [1, 11, 21]) await put("Requests", "api", zero, s, 10);
    await put("Errors", "api", zero, 2, 5);
    await put("Errors", "api", zero, 22, 3);
    until(zero, 20);
    const first = await describe1("rate-2-of-3");
    expect(first.StateValue).toBe("OK");
    until(zero, 30);
    const a = await describe1("rate-2-of-3");
    expect(a.StateValue).toBe("ALARM");
    expect(a.StateReason).toMatch(
      /^Threshold Crossed: 2 out of the last 3 datapoints \[30\.0 \(.*\), 50\.0 \(.*\)\] were greater than the threshold \(10\.0\) \(minimum 2 datapoints for OK -> ALARM transition\)\.$/,
    );
    expect(JSON.parse(a.StateReasonData!)).toEqual({
      version: "1.0",
      queryDate: javaTime(zero + 30_000),
      startDate: javaTime(zero),
      period: 10,
      recentDatapoints: [50, 0, 30],
      threshold: 10,
      evaluatedDatapoints: [
        { timestamp: javaTime(zero + 20_000), value: 30 },
        { timestamp: javaTime(zero + 10_000), value: 0 },
        { timestamp: javaTime(zero), value: 50 },
      ],
    });
    // Three calm periods later the alarm is back to OK.
    for (const s of [31, 41, 51]) await put("Requests", "api", zero, s, 10);
    until(zero, 60);
    expect((await describe1("rate-2-of-3")).StateValue).toBe("OK");
  });

  it("treat a period without a value – no data, or a division by zero – as TreatMissingData says", async () => {
    for (const treat of ["breaching", "notBreaching", "missing"] as const)
      await create(rateAlarm(`rate-missing-${treat}`, `idle-${treat}`, { TreatMissingData: treat }));
    const zero = nextMinute();
    // Requests of 0 and no errors: 0 / 0 has no value.
    for (const treat of ["breaching", "notBreaching", "missing"]) await put("Requests", `idle-${treat}`, zero, 1, 0);
    until(zero, 10);
    const state = async (treat: string) => (await describe1(`rate-missing-${treat}`)).StateValue;
    expect([await state("breaching"), await state("notBreaching"), await state("missing")]).toEqual([
      "ALARM",
      "OK",
      "INSUFFICIENT_DATA",
    ]);
  });

  it("evaluate FILL and IF expressions over the alarm's evaluation range", async () => {
    await create({
      AlarmName: "filled",
      Metrics: [metric("m1", "Errors", "filled"), { Id: "e1", Expression: "FILL(m1, 0) + IF(m1 > 2, 100, 0)" }].map(
        (q, i) => ({ ...q, ReturnData: i === 1 }),
      ),
      EvaluationPeriods: 2,
      Threshold: 50,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    const zero = nextMinute();
    until(zero, 10);
    // FILL gives each empty period a value: 0 datapoints, not missing data (else INSUFFICIENT_DATA).
    expect((await describe1("filled")).StateValue).toBe("OK");
    // 1 + 0, then 3 + 100 and 5 + 100.
    await put("Errors", "filled", zero, 15, 1);
    until(zero, 20);
    expect((await describe1("filled")).StateValue).toBe("OK");
    await put("Errors", "filled", zero, 25, 3);
    await put("Errors", "filled", zero, 35, 5);
    until(zero, 30);
    expect((await describe1("filled")).StateValue).toBe("OK");
    until(zero, 40);
    expect(await describe1("filled")).toMatchObject({
      StateValue: "ALARM",
      StateReason: expect.stringMatching(
        /^Threshold Crossed: 2 out of the last 2 datapoints \[105\.0 .*, 103\.0 /,
      ) as unknown,
    });
    // The newest period has no data: FILL makes it 0, within the threshold.
    until(zero, 50);
    expect((await describe1("filled")).StateValue).toBe("OK");
  });

  it("count a period as missing data when the expression gives no series for the data at hand", async () => {
    // With no data, AVG(m1) is no number and IF picks m1; with m1 at 10 it picks the scalar 0.
    await create({
      AlarmName: "scalar-at-times",
      Metrics: [metric("m1", "Errors", "scalar-at-times"), { Id: "e1", Expression: "IF(AVG(m1) > 5, 0, m1)" }].map(
        (q, i) => ({ ...q, ReturnData: i === 1 }),
      ),
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "breaching",
    });
    const zero = nextMinute();
    await put("Errors", "scalar-at-times", zero, 5, 10);
    until(zero, 10);
    expect(await describe1("scalar-at-times")).toMatchObject({
      StateValue: "ALARM",
      StateReason:
        "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [Breaching].",
    });
  });

  it("are refused as CloudWatch refuses them", async () => {
    const refusal = async (input: PutMetricAlarmCommandInput) => {
      const e = await failure(create(input));
      return [e.name, e.message];
    };
    const base = rateAlarm("refused", "refused");
    expect(await refusal({ ...base, Metrics: base.Metrics.map((q) => ({ ...q, ReturnData: true })) })).toEqual([
      "ValidationException",
      "Exactly one element of the metrics list should return data.",
    ]);
    expect(await refusal({ ...base, Metrics: base.Metrics.map((q) => ({ ...q, ReturnData: false })) })).toEqual([
      "ValidationException",
      "Exactly one element of the metrics list should return data.",
    ]);
    expect(await refusal({ ...base, MetricName: "Errors", Statistic: "Sum" })).toEqual([
      "InvalidParameterCombinationException",
      "The parameter Metrics cannot be used together with MetricName, Statistic.",
    ]);
    const expression = (Expression: string) => ({
      ...base,
      Metrics: [...base.Metrics.slice(0, 2), { Id: "e1", Expression, ReturnData: true }],
    });
    expect(await refusal(expression("100 * m1 /"))).toEqual([
      "ValidationException",
      "Error in expression e1: Unexpected end of expression.",
    ]);
    expect(await refusal(expression("m1 / m3"))).toEqual([
      "ValidationException",
      "Error in expression e1: Unrecognized identifier m3.",
    ]);
    expect(await refusal(expression("METRICS() * 100"))).toEqual([
      "ValidationException",
      "Error in expression e1: The expression of an alarm must return a single time series.",
    ]);
    expect(
      await refusal({
        ...base,
        Metrics: [
          {
            ...metric("m1", "Errors", "refused"),
            MetricStat: { ...metric("m1", "Errors", "x").MetricStat!, Period: 45 },
          },
          { Id: "e1", Expression: "m1" },
        ],
      }),
    ).toEqual(["InvalidParameterValueException", "Period must be 10, 20, 30 or a multiple of 60."]);
    expect((await t.cloudwatch().send(new DescribeAlarmsCommand({ AlarmNames: ["refused"] }))).MetricAlarms).toEqual(
      [],
    );
  });
});
