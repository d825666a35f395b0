/**
 * Alarm evaluation never stalls the server: 1,000 p99 alarms of Period 10 × 8,640 evaluation
 * periods (CloudWatch's one-day limit for periods under an hour) over 10,000 one-second
 * datapoints (inside the three hours CloudWatch keeps one-second data, with the test's minutes to
 * spare) are evaluated every 10 s – per-period aggregates kept between ticks
 * (services/cloudwatch/period-cache.ts), evaluation in turns of a bounded number of periods read
 * (services/cloudwatch/evaluator.ts) – while a concurrent client keeps being answered, and every
 * alarm reaches ALARM, its StateReason and StateReasonData within CloudWatch's lengths (1,023 and
 * 4,000 characters). One period past the limit is refused as CloudWatch refuses it.
 */
import {
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  type MetricDatum,
} from "@aws-sdk/client-cloudwatch";
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { costOf } from "./support/stall";
import { report } from "./support/summary";

const ALARMS = 1000;
const DATAPOINTS = 10_000;
let t: TestEmulator;
const figures: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestEmulator();
});

afterAll(async () => {
  await t?.stop();
  report({ order: 16, title: "Alarm evaluation", figures });
});

const alarm = (i: number, evaluationPeriods = 8640) =>
  new PutMetricAlarmCommand({
    AlarmName: `p99-${String(i).padStart(4, "0")}`,
    Namespace: "Reliability/Alarms",
    MetricName: "Latency",
    ExtendedStatistic: "p99",
    Period: 10,
    EvaluationPeriods: evaluationPeriods,
    DatapointsToAlarm: 1,
    Threshold: 0.5,
    ComparisonOperator: "GreaterThanThreshold",
  });

async function inAlarm(): Promise<number> {
  let count = 0;
  let NextToken: string | undefined;
  do {
    const page = await t
      .cloudwatch()
      .send(new DescribeAlarmsCommand({ StateValue: "ALARM", NextToken, MaxRecords: 100 }));
    count += page.MetricAlarms?.length ?? 0;
    NextToken = page.NextToken;
  } while (NextToken);
  return count;
}

describe("alarm evaluation", () => {
  it(`evaluates ${ALARMS} day-long p99 alarms over ${DATAPOINTS} datapoints without stalling other clients`, async () => {
    const cw = t.cloudwatch();
    // On a period boundary: the datapoints fill exactly DATAPOINTS / 10 periods, all ended.
    const now = Math.floor(Date.now() / 10_000) * 10_000;
    const datums: MetricDatum[] = Array.from({ length: DATAPOINTS }, (_, i) => ({
      MetricName: "Latency",
      Timestamp: new Date(now - (DATAPOINTS - i) * 1000),
      Value: 1,
      StorageResolution: 1,
    }));
    for (let i = 0; i < datums.length; i += 1000)
      await cw.send(
        new PutMetricDataCommand({ Namespace: "Reliability/Alarms", MetricData: datums.slice(i, i + 1000) }),
      );
    for (let i = 0; i < ALARMS; i += 20) await Promise.all(Array.from({ length: 20 }, (_, j) => cw.send(alarm(i + j))));

    const probe = t.s3();
    const listBuckets = () => probe.send(new ListBucketsCommand({}));
    // Evaluation ticks every 10 s; the alarms are counted every 2 s until all are in ALARM.
    const began = performance.now();
    const toAlarm = await costOf(listBuckets, async () => {
      let alarmed = 0;
      let counting = true;
      const polling = (async () => {
        while (counting && alarmed < ALARMS) {
          await new Promise((r) => setTimeout(r, 2000));
          alarmed = await inAlarm();
        }
      })();
      // Three minutes at most: a 2-core machine busy with the main suite evaluates a few alarms per turn.
      await Promise.race([polling, new Promise((r) => setTimeout(r, 180_000))]);
      counting = false;
      polling.catch(() => undefined);
      return alarmed;
    });
    const allAlarmedMs = performance.now() - began;
    // Two more ticks with every alarm evaluated and staying in ALARM: the steady state.
    const steady = await costOf(listBuckets, () => new Promise((r) => setTimeout(r, 20_000)));
    const alarmed = toAlarm.result;
    Object.assign(figures, {
      [`${ALARMS} p99 alarms, Period 10 × 8,640, ${DATAPOINTS} datapoints: longest stall of a concurrent client until all in ALARM (ms)`]:
        toAlarm.longestStallMs,
      "  concurrent requests answered meanwhile": toAlarm.probes,
      "  peak RSS growth (MiB)": toAlarm.peakRssGrowthMiB,
      "  alarms in ALARM": alarmed,
      "  seconds until every alarm was in ALARM": Math.round(allAlarmedMs / 1000),
      "  then 20 s of evaluations in ALARM: longest stall (ms)": steady.longestStallMs,
      "  concurrent requests answered in those 20 s": steady.probes,
    });
    expect(alarmed).toBe(ALARMS);
    // 1,000 breaching datapoints: the reason lists the newest that fit CloudWatch's limits, the count stays whole.
    const [one] = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["p99-0000"] }))).MetricAlarms!;
    expect(one!.StateReason!.length).toBeLessThanOrEqual(1023);
    expect(one!.StateReason).toMatch(/^Threshold Crossed: 1000 out of the last 8640 datapoints \[1\.0 \(/);
    expect(one!.StateReasonData!.length).toBeLessThanOrEqual(4000);
    // The stalls are figures of the summary, not assertions: on a loaded machine they measure the load.
  }, 600_000);

  it("refuses an evaluation range past a day (Period 10 × 8,641)", async () => {
    const refused = await t
      .cloudwatch()
      .send(alarm(9999, 8641))
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(refused?.name).toMatch(/^InvalidParameterCombination/);
  });
});
