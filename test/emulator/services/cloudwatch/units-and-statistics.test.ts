/**
 * CloudWatch's metric data as its API reference and "statistics definitions" describe it, through
 * the JS SDK over HTTP: a unit per datapoint (kept across a restart), StartTime and EndTime without
 * milliseconds and StartTime rounded down, Statistics and ExtendedStatistics exclusive, the trimmed
 * statistics in GetMetricData, and EvaluateLowSampleCountPercentile only on percentile alarms.
 */
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  type CloudWatchClient,
  type GetMetricStatisticsCommandInput,
  type StandardUnit,
} from "@aws-sdk/client-cloudwatch";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../../../../src/emulator/clock";
import { failure, startTestEmulator, tempStateDir, type TestEmulator } from "../../../../support/emulator";

const NAMESPACE = "Test/Data";
// A fixed minute in the recent past, so periods line up with what is asserted.
const minute = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
const at = (s: number, ms = 0) => new Date(minute + s * 1000 + ms);

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

const sendData = (
  cw: CloudWatchClient,
  MetricName: string,
  data: { s: number; Value?: number; Values?: number[]; Unit?: StandardUnit }[],
) =>
  cw.send(
    new PutMetricDataCommand({
      Namespace: NAMESPACE,
      MetricData: data.map(({ s, Value, Values, Unit }) => ({
        MetricName,
        Timestamp: at(s),
        Value,
        Values,
        Unit,
        StorageResolution: 1,
      })),
    }),
  );

/** GetMetricData's values of one query over the first two minutes. */
async function values(
  cw: CloudWatchClient,
  MetricName: string,
  Stat: string,
  extra: { Unit?: StandardUnit; Period?: number; StartTime?: Date; EndTime?: Date } = {},
): Promise<number[]> {
  const out = await cw.send(
    new GetMetricDataCommand({
      StartTime: extra.StartTime ?? at(0),
      EndTime: extra.EndTime ?? at(120),
      ScanBy: "TimestampAscending",
      MetricDataQueries: [
        {
          Id: "q",
          MetricStat: {
            Metric: { Namespace: NAMESPACE, MetricName },
            Period: extra.Period ?? 60,
            Stat,
            Unit: extra.Unit,
          },
        },
      ],
    }),
  );
  return out.MetricDataResults![0]!.Values!;
}

/** GetMetricStatistics' Sum of the metric "Mixed" over the first minute, with `extra` members. */
const mixedSum = (extra: Partial<GetMetricStatisticsCommandInput>) =>
  t.cloudwatch().send(
    new GetMetricStatisticsCommand({
      Namespace: NAMESPACE,
      MetricName: "Mixed",
      StartTime: at(0),
      EndTime: at(60),
      Period: 60,
      Statistics: ["Sum"],
      ...extra,
    }),
  );

describe("units are kept per datapoint", () => {
  it("a Unit reads only the datapoints sent with it; no Unit reads all (GetMetricData)", async () => {
    const cw = t.cloudwatch();
    await sendData(cw, "Mixed", [{ s: 1, Value: 2, Unit: "Seconds" }]);
    await sendData(cw, "Mixed", [{ s: 2, Value: 5, Unit: "Count" }]);
    await sendData(cw, "Mixed", [{ s: 3, Value: 7 }]);
    expect(await values(cw, "Mixed", "Sum", { Unit: "Count" })).toEqual([5]);
    expect(await values(cw, "Mixed", "Sum", { Unit: "Seconds" })).toEqual([2]);
    // A datapoint sent without a unit has CloudWatch's unit None.
    expect(await values(cw, "Mixed", "Sum", { Unit: "None" })).toEqual([7]);
    expect(await values(cw, "Mixed", "SampleCount")).toEqual([3]);
    expect(await values(cw, "Mixed", "Sum", { Unit: "Milliseconds" })).toEqual([]);
  });

  it("GetMetricStatistics without a Unit returns each unit's datapoints with their unit", async () => {
    const stats = (Unit?: StandardUnit) => mixedSum({ Unit });
    const all = (await stats()).Datapoints!.map(({ Unit, Sum }) => ({ Unit, Sum }));
    expect(all.sort((a, b) => (a.Unit! < b.Unit! ? -1 : 1))).toEqual([
      { Unit: "Count", Sum: 5 },
      { Unit: "None", Sum: 7 },
      { Unit: "Seconds", Sum: 2 },
    ]);
    expect((await stats("Count")).Datapoints).toEqual([{ Timestamp: at(0), Sum: 5, Unit: "Count" }]);
  });

  it("a restart keeps each datapoint's unit", async () => {
    const stateDir = tempStateDir();
    try {
      const first = await startTestEmulator({ stateDir });
      await sendData(first.cloudwatch(), "Kept", [
        { s: 1, Value: 2, Unit: "Seconds" },
        { s: 1, Value: 5, Unit: "Count" },
      ]);
      await first.emulator.stop();
      const second = await startTestEmulator({ stateDir });
      try {
        expect(await values(second.cloudwatch(), "Kept", "Sum", { Unit: "Count" })).toEqual([5]);
        expect(await values(second.cloudwatch(), "Kept", "Sum", { Unit: "Seconds" })).toEqual([2]);
        expect(await values(second.cloudwatch(), "Kept", "Sum")).toEqual([7]);
      } finally {
        await second.emulator.stop();
      }
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it("reads a metric log written before units were kept per datapoint (one unit per series, or none)", async () => {
    const stateDir = tempStateDir();
    const second = Math.floor(at(1).getTime() / 1000);
    const k = (MetricName: string) => ({ namespace: NAMESPACE, metricName: MetricName, dimensions: [] });
    const set = (v: number) => ({ sum: v, count: 1, min: v, max: v, samples: [v] });
    // A series' unit on each of its lines; a line without `d` is the whole second, one without `u` has no unit.
    const lines = [
      { k: k("Old"), u: "Seconds", t: second, s: set(2), d: 1 },
      { k: k("Old"), u: "Seconds", t: second, s: set(3), d: 1 },
      { k: k("Older"), t: second, s: set(4) },
    ];
    mkdirSync(join(stateDir, "cloudwatch"), { recursive: true });
    writeFileSync(
      join(stateDir, "cloudwatch", "datapoints.jsonl"),
      lines.map((l) => `${JSON.stringify(l)}\n`).join(""),
    );
    const old = await startTestEmulator({ stateDir });
    try {
      const cw = old.cloudwatch();
      expect(await values(cw, "Old", "Sum", { Unit: "Seconds" })).toEqual([5]);
      expect(await values(cw, "Old", "Sum")).toEqual([5]);
      expect(await values(cw, "Older", "Sum", { Unit: "None" })).toEqual([4]);
    } finally {
      await old.stop();
    }
  });

  it("an alarm with a Unit evaluates only the datapoints sent with that unit", async () => {
    const clock = new ManualClock();
    const a = await startTestEmulator({ clock, publicationDelayMs: 0 });
    try {
      const zero = Math.ceil((clock.now() + 1) / 60_000) * 60_000;
      clock.advance(zero - clock.now());
      const cw = a.cloudwatch();
      await cw.send(
        new PutMetricDataCommand({
          Namespace: NAMESPACE,
          MetricData: [
            {
              MetricName: "Latency",
              Timestamp: new Date(zero + 1000),
              Value: 3,
              Unit: "Seconds",
              StorageResolution: 1,
            },
          ],
        }),
      );
      const alarm = (AlarmName: string, Unit: StandardUnit) =>
        cw.send(
          new PutMetricAlarmCommand({
            AlarmName,
            Namespace: NAMESPACE,
            MetricName: "Latency",
            Statistic: "Maximum",
            Unit,
            Period: 10,
            EvaluationPeriods: 1,
            Threshold: 1,
            ComparisonOperator: "GreaterThanThreshold",
          }),
        );
      await alarm("in-seconds", "Seconds");
      await alarm("in-milliseconds", "Milliseconds");
      clock.advance(zero + 10_000 - clock.now());
      const states = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["in-seconds", "in-milliseconds"] }));
      expect(Object.fromEntries(states.MetricAlarms!.map((m) => [m.AlarmName, m.StateValue]))).toEqual({
        "in-seconds": "ALARM",
        "in-milliseconds": "INSUFFICIENT_DATA",
      });
    } finally {
      await a.stop();
    }
  });
});

describe("periods read again", () => {
  it("a datapoint added to a period already read changes that period on the next read", async () => {
    const cw = t.cloudwatch();
    await sendData(cw, "Late", [{ s: 70, Value: 1 }]);
    expect(await values(cw, "Late", "Sum", { Period: 10 })).toEqual([1]);
    await sendData(cw, "Late", [
      { s: 71, Value: 2 },
      { s: 5, Value: 4 },
    ]);
    expect(await values(cw, "Late", "Sum", { Period: 10 })).toEqual([4, 3]);
    expect(await values(cw, "Late", "Maximum", { Period: 10 })).toEqual([4, 2]);
  });
});

describe("StartTime and EndTime", () => {
  it("ignores milliseconds: two times within one second are equal", async () => {
    const cw = t.cloudwatch();
    const gms = await failure(
      cw.send(
        new GetMetricStatisticsCommand({
          Namespace: NAMESPACE,
          MetricName: "Mixed",
          StartTime: at(5, 20),
          EndTime: at(5, 987),
          Period: 60,
          Statistics: ["SampleCount"],
        }),
      ),
    );
    expect([gms.name, gms.message]).toEqual([
      "InvalidParameterValueException",
      "The parameter StartTime must be less than the parameter EndTime.",
    ]);
    const gmd = await failure(values(cw, "Mixed", "SampleCount", { StartTime: at(5, 20), EndTime: at(5, 987) }));
    expect([gmd.name, gmd.message]).toEqual([
      "ValidationException",
      "The parameter StartTime must not equal parameter EndTime.",
    ]);
  });

  it("rounds StartTime down to the minute, or to the period's division of a minute for high-resolution periods", async () => {
    const cw = t.cloudwatch();
    await sendData(cw, "Rounded", [
      { s: 5, Value: 1 },
      { s: 12, Value: 10 },
      { s: 25, Value: 100 },
    ]);
    // StartTime 00:45 of the minute, Period 60: read from 00:00.
    expect(await values(cw, "Rounded", "Sum", { StartTime: at(45, 999) })).toEqual([111]);
    // StartTime 00:17, Period 10: read from 00:10.
    expect(await values(cw, "Rounded", "Sum", { Period: 10, StartTime: at(17) })).toEqual([10, 100]);
    const stats = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: NAMESPACE,
        MetricName: "Rounded",
        StartTime: at(59, 999),
        EndTime: at(61),
        Period: 60,
        Statistics: ["Sum"],
      }),
    );
    expect(stats.Datapoints).toEqual([{ Timestamp: at(0), Sum: 111, Unit: "None" }]);
  });
});

describe("statistics", () => {
  it("refuses Statistics and ExtendedStatistics together (GetMetricStatistics)", async () => {
    const both = await failure(mixedSum({ ExtendedStatistics: ["p90"] }));
    expect(both.name).toBe("InvalidParameterCombinationException");
    expect(both.$metadata.httpStatusCode).toBe(400);
  });

  it("computes the trimmed statistics as CloudWatch's statistics definitions say (GetMetricData)", async () => {
    const cw = t.cloudwatch();
    await sendData(cw, "Spread", [{ s: 1, Values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 100] }]);
    const read = async (stat: string) => (await values(cw, "Spread", stat))[0];
    // The lowest and the highest 10% dropped: 2…9.
    expect(await read("TM(10%:90%)")).toBe(5.5);
    // tm90 drops the highest 10%: 1…9.
    expect(await read("tm90")).toBe(5);
    // The middle 50%: 3…8.
    expect(await read("IQM")).toBe(5.5);
    // Absolute bounds: values > 2 and ≤ 9.
    expect(await read("TM(2:9)")).toBe(6);
    // The highest 20% count as the 80% boundary's value (8): 1…8, 8, 8.
    expect(await read("WM(:80%)")).toBe(5.2);
    // Percentage of values ≤ 5, and of values in (2, 8].
    expect(await read("PR(:5)")).toBe(50);
    expect(await read("PR(2:8)")).toBe(60);
    expect(await read("TC(1:9)")).toBe(8);
    expect(await read("tc90")).toBe(9);
    expect(await read("TS(1:9)")).toBe(44);
    // No value in the range: no datapoint.
    expect(await values(cw, "Spread", "TM(150:1000)")).toEqual([]);
  });

  it("refuses statistics that are not CloudWatch's", async () => {
    const cw = t.cloudwatch();
    for (const stat of ["TM(90%:10%)", "PR(10%:50%)", "WM(1:5)", "TM(:)", "tm101", "IQM(25%:75%)"]) {
      const refused = await failure(values(cw, "Spread", stat));
      expect([stat, refused.name]).toEqual([stat, "InvalidParameterValueException"]);
    }
  });
});

describe("EvaluateLowSampleCountPercentile", () => {
  const alarm = (extra: { Statistic?: "Average"; ExtendedStatistic?: string }) =>
    t.cloudwatch().send(
      new PutMetricAlarmCommand({
        AlarmName: `low-samples-${extra.Statistic ?? extra.ExtendedStatistic}`,
        Namespace: NAMESPACE,
        MetricName: "Latency",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
        EvaluateLowSampleCountPercentile: "ignore",
        ...extra,
      }),
    );

  it("is accepted on a percentile alarm and refused on any other", async () => {
    await alarm({ ExtendedStatistic: "p99" });
    const refused = await failure(alarm({ Statistic: "Average" }));
    expect(refused.name).toBe("InvalidParameterCombinationException");
    expect(refused.$metadata.httpStatusCode).toBe(400);
  });
});
