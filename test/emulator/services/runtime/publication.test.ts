/**
 * How an endpoint's invocation metrics reach CloudWatch, on a manual clock: one datapoint per
 * publication interval (60 s, or MetricsConfig's enhanced frequency), visible the publication
 * delay after the interval closes, and alarms deciding on what is published – as CloudWatch
 * documents for alarms on metrics with and without sub-minute data. The faulty endpoints run the
 * XGBoost image on a linear-learner artifact: every request is a 5XX.
 */
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
} from "@aws-sdk/client-cloudwatch";
import { CreateEndpointConfigCommand } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { DEFAULT_PUBLICATION_DELAY_MS } from "../../../../src/emulator/config";
import { ROW, createEndpoint, startFixture, type DeploymentFixture } from "../../deployments/fixture";
import { failure, startTestEmulator } from "../../../../support/emulator";

const DELAY = DEFAULT_PUBLICATION_DELAY_MS;
let f: DeploymentFixture;

beforeAll(async () => {
  f = await startFixture();
  // The fixture's "bad" config has enhanced metrics every 10 s; this one has no MetricsConfig: 60 s.
  await f.t.sagemaker().send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: "bad-standard",
      ProductionVariants: [
        { VariantName: "AllTraffic", ModelName: "bad", InitialInstanceCount: 1, InstanceType: "ml.m5.large" },
      ],
    }),
  );
});
afterAll(() => f.t.stop());

/** Moves the clock to the start of the next minute and returns it: a test's time zero. */
function nextMinute(): number {
  const start = Math.ceil((f.clock.now() + 1) / 60_000) * 60_000;
  f.clock.advance(start - f.clock.now());
  return start;
}

/** Advances the clock to `zero + ms`. */
const until = (zero: number, ms: number) => f.clock.advance(zero + ms - f.clock.now());

/** One request; the faulty container answers it with a 500 (ModelError). */
const fail = async (endpoint: string) =>
  expect(
    (
      await failure(
        f.t
          .runtime()
          .send(new InvokeEndpointCommand({ EndpointName: endpoint, Body: Buffer.from(ROW), ContentType: "text/csv" })),
      )
    ).name,
  ).toBe("ModelError");

const dims = (endpoint: string) => [
  { Name: "EndpointName", Value: endpoint },
  { Name: "VariantName", Value: "AllTraffic" },
];

/** The endpoint's Invocation5XXErrors datapoints at `period` over the ten minutes around `zero`: [timestamp - zero in s, sum]. */
async function errorsAt(endpoint: string, zero: number, period: number): Promise<[number, number][]> {
  const out = await f.t.cloudwatch().send(
    new GetMetricDataCommand({
      StartTime: new Date(zero - 300_000),
      EndTime: new Date(zero + 300_000),
      ScanBy: "TimestampAscending",
      MetricDataQueries: [
        {
          Id: "e",
          MetricStat: {
            Metric: { Namespace: "AWS/SageMaker", MetricName: "Invocation5XXErrors", Dimensions: dims(endpoint) },
            Period: period,
            Stat: "Sum",
          },
        },
      ],
    }),
  );
  const result = out.MetricDataResults![0]!;
  return result.Timestamps!.map((t, i) => [(t.getTime() - zero) / 1000, result.Values![i]!]);
}

/** The notebook's 5XX alarm (Sum ≥ 1 over 10 s, one period) on the endpoint's variant, changed by `extra`. */
function alarmOn(endpoint: string, name: string, extra: Partial<PutMetricAlarmCommandInput>): Promise<unknown> {
  const metric = { Namespace: "AWS/SageMaker", MetricName: "Invocation5XXErrors", Dimensions: dims(endpoint) };
  const rule = {
    Statistic: "Sum",
    Period: 10,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: "GreaterThanOrEqualToThreshold",
  } as const;
  return f.t.cloudwatch().send(new PutMetricAlarmCommand({ AlarmName: name, ...metric, ...rule, ...extra }));
}

async function stateOf(name: string): Promise<string> {
  const out = await f.t.cloudwatch().send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  return out.MetricAlarms![0]!.StateValue!;
}

describe("publication of a standard endpoint's invocation metrics (no MetricsConfig)", () => {
  it("publishes one datapoint per minute, timestamped at the minute's start, the publication delay after the minute closes", async () => {
    await createEndpoint(f, "std-publish", "bad-standard");
    const zero = nextMinute();
    until(zero, 5_000);
    await fail("std-publish");
    until(zero, 35_000);
    await fail("std-publish");
    until(zero, 60_000 + DELAY - 1);
    expect(await errorsAt("std-publish", zero, 60)).toEqual([]);
    const listed = await f.t.cloudwatch().send(
      new ListMetricsCommand({
        Namespace: "AWS/SageMaker",
        Dimensions: [{ Name: "EndpointName", Value: "std-publish" }],
      }),
    );
    expect(listed.Metrics ?? []).toEqual([]);
    until(zero, 60_000 + DELAY);
    expect(await errorsAt("std-publish", zero, 60)).toEqual([[0, 2]]);
    // At a 10-second period the minute's datapoint is in the period that starts the minute only.
    expect(await errorsAt("std-publish", zero, 10)).toEqual([[0, 2]]);
    const stats = await f.t.cloudwatch().send(
      new GetMetricStatisticsCommand({
        Namespace: "AWS/SageMaker",
        MetricName: "ModelLatency",
        Dimensions: dims("std-publish"),
        StartTime: new Date(zero),
        EndTime: new Date(zero + 60_000),
        Period: 60,
        Statistics: ["SampleCount"],
      }),
    );
    expect(stats.Datapoints?.map((d) => d.SampleCount)).toEqual([2]);
  });

  it("a Period-10 alarm gets data only in the periods that match the minute's datapoint and lapses into INSUFFICIENT_DATA, as CloudWatch documents", async () => {
    await createEndpoint(f, "std-alarm", "bad-standard");
    await alarmOn("std-alarm", "std-10s-1", {});
    // Six evaluation periods, one datapoint to alarm: an evaluation range of 80 s can reach back to a published minute.
    await alarmOn("std-alarm", "std-10s-6", { EvaluationPeriods: 6, DatapointsToAlarm: 1 });
    const zero = nextMinute();
    const seen: Record<string, string[]> = { "std-10s-1": [], "std-10s-6": [] };
    // A 5XX every 5 s for three minutes; the states right after each 10-second evaluation.
    for (let s = 0; s < 180; s += 5) {
      until(zero, s * 1000 + DELAY);
      await fail("std-alarm");
      if (s % 10 === 0) for (const name of Object.keys(seen)) seen[name]!.push(await stateOf(name));
    }
    const insufficient = "INSUFFICIENT_DATA";
    // One evaluation period: its range of 3 periods (30 s) never holds a minute's datapoint once it is published.
    expect(seen["std-10s-1"]).toEqual(Array(18).fill(insufficient));
    // Evaluations at 2 s past 0:00 … 2:50: each minute's datapoint is seen from 62 s after it (published) until it leaves the range.
    const sixPeriods = [
      ...Array<string>(6).fill(insufficient),
      ...Array<string>(3).fill("ALARM"),
      ...Array<string>(3).fill(insufficient),
      ...Array<string>(3).fill("ALARM"),
      ...Array<string>(3).fill(insufficient),
    ];
    expect(seen["std-10s-6"]).toEqual(sixPeriods);
  });

  it("a Period-60 alarm fires once the minute of the first 5XX has closed and been published", async () => {
    await createEndpoint(f, "std-60", "bad-standard");
    await alarmOn("std-60", "std-60s", { Period: 60, TreatMissingData: "notBreaching" });
    const zero = nextMinute();
    until(zero, DELAY);
    expect(await stateOf("std-60s")).toBe("OK");
    until(zero, 5_000);
    await fail("std-60");
    until(zero, 60_000 + DELAY - 1);
    expect(await stateOf("std-60s")).toBe("OK");
    until(zero, 60_000 + DELAY);
    expect(await stateOf("std-60s")).toBe("ALARM");
  });
});

describe("publication of an enhanced endpoint's invocation metrics (MetricPublishFrequencyInSeconds 10)", () => {
  it("the Period-10 alarm fires within one period plus the publication delay of the first 5XX", async () => {
    await createEndpoint(f, "enhanced-alarm", "bad");
    await alarmOn("enhanced-alarm", "enhanced-10s", { TreatMissingData: "notBreaching" });
    const zero = nextMinute();
    until(zero, 10_000 + DELAY);
    expect(await stateOf("enhanced-10s")).toBe("OK");
    // The worst case: the first 5XX at the very start of a period.
    until(zero, 20_000);
    const first = f.clock.now();
    await fail("enhanced-alarm");
    let fired: number | undefined;
    while (fired === undefined) {
      f.clock.advance(100);
      if ((await stateOf("enhanced-10s")) === "ALARM") fired = f.clock.now() - first;
      expect(f.clock.now() - first).toBeLessThanOrEqual(60_000);
    }
    expect(fired).toBe(10_000 + DELAY);
    expect(await errorsAt("enhanced-alarm", zero, 10)).toEqual([[20, 1]]);
  });
});

describe("shutdown", () => {
  it("a clean stop publishes what is pending, so a restart on the same state finds every invocation", async () => {
    const own = await startFixture();
    await createEndpoint(own, "stopped", "bad");
    const zero = own.clock.now();
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await failure(
            own.t
              .runtime()
              .send(
                new InvokeEndpointCommand({ EndpointName: "stopped", Body: Buffer.from(ROW), ContentType: "text/csv" }),
              ),
          )
        ).name,
      ).toBe("ModelError");
    }
    await own.t.emulator.stop();
    const restarted = await startTestEmulator({ stateDir: own.t.stateDir, clock: own.clock });
    try {
      const out = await restarted.cloudwatch().send(
        new GetMetricStatisticsCommand({
          Namespace: "AWS/SageMaker",
          MetricName: "Invocations",
          Dimensions: dims("stopped"),
          StartTime: new Date(zero - 60_000),
          EndTime: new Date(zero + 60_000),
          Period: 120,
          Statistics: ["Sum"],
        }),
      );
      expect(out.Datapoints?.map((d) => d.Sum)).toEqual([3]);
    } finally {
      await restarted.stop();
    }
  });
});
