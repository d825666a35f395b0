import {
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
import { failure, startTestEmulator, type TestEmulator } from "../../../../support/emulator";

let t: TestEmulator;
// A fixed minute in the recent past, so periods line up with what is asserted.
const minute = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
const at = (s: number) => new Date(minute + s * 1000);
const Dimensions = [
  { Name: "EndpointName", Value: "ep" },
  { Name: "VariantName", Value: "AllTraffic" },
];

beforeAll(async () => {
  t = await startTestEmulator();
  await t.cloudwatch().send(
    new PutMetricDataCommand({
      Namespace: "Test/Guardrails",
      MetricData: [
        { MetricName: "Latency", Dimensions, Timestamp: at(1), Value: 10, Unit: "Microseconds" },
        { MetricName: "Latency", Dimensions, Timestamp: at(2), Value: 30, Unit: "Microseconds" },
        { MetricName: "Latency", Dimensions, Timestamp: at(61), Values: [5, 7], Counts: [1, 3], Unit: "Microseconds" },
        {
          MetricName: "Errors",
          Dimensions,
          Timestamp: at(3),
          StatisticValues: { SampleCount: 4, Sum: 2, Minimum: 0, Maximum: 1 },
        },
        { MetricName: "Other", Dimensions: [{ Name: "EndpointName", Value: "other" }], Timestamp: at(3), Value: 1 },
      ],
    }),
  );
});
afterAll(() => t.stop());

describe("CloudWatch metrics (JSON 1.0, query-compatible)", () => {
  it("aggregates datapoints per period and statistic (GetMetricStatistics)", async () => {
    const out = await t.cloudwatch().send(
      new GetMetricStatisticsCommand({
        Namespace: "Test/Guardrails",
        MetricName: "Latency",
        Dimensions,
        StartTime: at(0),
        EndTime: at(120),
        Period: 60,
        Statistics: ["SampleCount", "Sum", "Average", "Minimum", "Maximum"],
        ExtendedStatistics: ["p50"],
      }),
    );
    expect(out.Label).toBe("Latency");
    expect(out.Datapoints).toEqual([
      {
        Timestamp: at(0),
        SampleCount: 2,
        Sum: 40,
        Average: 20,
        Minimum: 10,
        Maximum: 30,
        Unit: "Microseconds",
        ExtendedStatistics: { p50: 20 },
      },
      {
        Timestamp: at(60),
        SampleCount: 4,
        Sum: 26,
        Average: 6.5,
        Minimum: 5,
        Maximum: 7,
        Unit: "Microseconds",
        ExtendedStatistics: { p50: 6 },
      },
    ]);
  });

  it("answers GetMetricData per query, newest first by default", async () => {
    const out = await t.cloudwatch().send(
      new GetMetricDataCommand({
        StartTime: at(0),
        EndTime: at(120),
        MetricDataQueries: [
          {
            Id: "latency",
            MetricStat: {
              Metric: { Namespace: "Test/Guardrails", MetricName: "Latency", Dimensions },
              Period: 60,
              Stat: "Maximum",
            },
          },
          {
            Id: "errors",
            Label: "Errors",
            MetricStat: {
              Metric: { Namespace: "Test/Guardrails", MetricName: "Errors", Dimensions },
              Period: 60,
              Stat: "Sum",
            },
          },
          {
            Id: "hidden",
            ReturnData: false,
            MetricStat: {
              Metric: { Namespace: "Test/Guardrails", MetricName: "Errors", Dimensions },
              Period: 60,
              Stat: "Sum",
            },
          },
        ],
      }),
    );
    expect(out.MetricDataResults).toEqual([
      { Id: "latency", Label: "Latency", Timestamps: [at(60), at(0)], Values: [7, 30], StatusCode: "Complete" },
      { Id: "errors", Label: "Errors", Timestamps: [at(0)], Values: [2], StatusCode: "Complete" },
    ]);
  });

  it("keeps a StorageResolution 1 datapoint at its second and a standard one (60, the default) at its minute", async () => {
    const cw = t.cloudwatch();
    const put = (MetricName: string, StorageResolution?: number) =>
      cw.send(
        new PutMetricDataCommand({
          Namespace: "Test/Resolution",
          MetricData: [{ MetricName, Timestamp: at(15), Value: 1, StorageResolution }],
        }),
      );
    await put("High", 1);
    await put("Standard", 60);
    await put("Default");
    const query = (MetricName: string) => ({
      Id: MetricName.toLowerCase(),
      MetricStat: { Metric: { Namespace: "Test/Resolution", MetricName }, Period: 10, Stat: "Sum" },
    });
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: at(0),
        EndTime: at(60),
        MetricDataQueries: ["High", "Standard", "Default"].map(query),
      }),
    );
    expect(out.MetricDataResults?.map((r) => [r.Id, r.Timestamps])).toEqual([
      ["high", [at(10)]],
      ["standard", [at(0)]],
      ["default", [at(0)]],
    ]);
    const invalid = await failure(put("Five", 5));
    expect(invalid.name).toBe("InvalidParameterValueException");
    expect(invalid.message).toBe("The value 5 for parameter MetricData.member.1.StorageResolution is invalid.");
  });

  it("refuses PutMetricData data CloudWatch refuses, with its codes and messages, and stores none of the request", async () => {
    const cw = t.cloudwatch();
    const refused = async (datum: Record<string, unknown>) => {
      const e = await failure(
        cw.send(
          new PutMetricDataCommand({
            Namespace: "Test/Refused",
            MetricData: [{ MetricName: "m", Timestamp: at(0), ...datum }],
          }),
        ),
      );
      expect(e.$metadata.httpStatusCode).toBe(400);
      return [e.name, e.message];
    };
    const value = "InvalidParameterValueException";
    expect(await refused({ Values: [1, 10], Counts: [2, 4, 1] })).toEqual([
      value,
      "The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.",
    ]);
    expect(await refused({ Value: 1.5, Values: [1, 10] })).toEqual([
      value,
      "The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.",
    ]);
    expect(await refused({ Value: 1, StatisticValues: { SampleCount: 2, Sum: 10, Minimum: 1, Maximum: 9 } })).toEqual([
      "InvalidParameterCombinationException",
      "The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.",
    ]);
    expect(await refused({ Values: Array.from({ length: 151 }, (_, i) => i) })).toEqual([
      value,
      "The collection MetricData.member.1.Values must not have a size greater than 150.",
    ]);
    expect(await refused({ StatisticValues: { SampleCount: 0, Sum: 0, Minimum: 0, Maximum: 0 } })).toEqual([
      value,
      "The value 0 for parameter MetricData.member.1.StatisticValues.SampleCount is invalid.",
    ]);
    const dimensions = Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: "v" }));
    expect(await refused({ Value: 1, Dimensions: dimensions })).toEqual([
      value,
      "The collection MetricData.member.1.Dimensions must not have a size greater than 30.",
    ]);
    expect(await refused({ Value: 1, MetricName: "m".repeat(256) })).toEqual([
      value,
      "The parameter MetricData.member.1.MetricName must be shorter than 256 characters.",
    ]);
    expect(await refused({ Value: 1e200 })).toEqual([
      value,
      "The value 1e+200 for parameter MetricData.member.1.Value is invalid.",
    ]);
    expect(await refused({ Value: 1, Timestamp: new Date(Date.now() - 15 * 86_400_000) })).toEqual([
      value,
      "The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.",
    ]);
    expect(await refused({ Value: 1, Timestamp: new Date(Date.now() + 3 * 3_600_000) })).toEqual([
      value,
      "The parameter MetricData.member.1.Timestamp must specify a time no more than two hours in the future.",
    ]);
    // Every datum's problems at once, one per line; the valid datum of the request is not stored either.
    const e = await failure(
      cw.send(
        new PutMetricDataCommand({
          Namespace: "Test/Refused",
          MetricData: [
            { MetricName: "kept-out", Timestamp: at(0), Value: 1 },
            { MetricName: "old", Timestamp: new Date(Date.now() - 15 * 86_400_000), Value: 1 },
            { MetricName: "huge", Timestamp: at(0), Value: -1e200 },
          ],
        }),
      ),
    );
    expect(e.message).toBe(
      "The parameter MetricData.member.2.Timestamp must specify a time within the past two weeks.\nThe value -1e+200 for parameter MetricData.member.3.Value is invalid.",
    );
    expect((await cw.send(new ListMetricsCommand({ Namespace: "Test/Refused" }))).Metrics ?? []).toEqual([]);
  });

  it("GetMetricData (and GetMetricStatistics): a Unit returns only data collected with that unit; StartTime after EndTime is a ValidationError", async () => {
    const cw = t.cloudwatch();
    const query = (Unit?: "Microseconds" | "Milliseconds") => ({
      Id: "q",
      MetricStat: {
        Metric: { Namespace: "Test/Guardrails", MetricName: "Latency", Dimensions },
        Period: 60,
        Stat: "Sum",
        Unit,
      },
    });
    const values = async (Unit?: "Microseconds" | "Milliseconds") =>
      (
        await cw.send(
          new GetMetricDataCommand({ StartTime: at(0), EndTime: at(120), MetricDataQueries: [query(Unit)] }),
        )
      ).MetricDataResults?.[0]?.Values;
    expect(await values()).toEqual([26, 40]);
    expect(await values("Microseconds")).toEqual([26, 40]);
    expect(await values("Milliseconds")).toEqual([]);
    const stats = (Unit: "Microseconds" | "Milliseconds") =>
      cw.send(
        new GetMetricStatisticsCommand({
          Namespace: "Test/Guardrails",
          MetricName: "Latency",
          Dimensions,
          StartTime: at(0),
          EndTime: at(120),
          Period: 60,
          Statistics: ["Sum"],
          Unit,
        }),
      );
    expect((await stats("Microseconds")).Datapoints?.map((d) => d.Sum)).toEqual([40, 26]);
    expect((await stats("Milliseconds")).Datapoints).toEqual([]);
    const reversed = await failure(
      cw.send(new GetMetricDataCommand({ StartTime: at(120), EndTime: at(0), MetricDataQueries: [query()] })),
    );
    // Code ValidationError (x-amzn-query-error; boto3 shows it in wire/fidelity-boto3.test.ts), which the JS client names ValidationException.
    expect([reversed.name, reversed.message, reversed.$metadata.httpStatusCode]).toEqual([
      "ValidationException",
      "The parameter EndTime must be greater than StartTime.",
      400,
    ]);
    const equal = await failure(
      cw.send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(0), MetricDataQueries: [query()] })),
    );
    expect(equal.message).toBe("The parameter StartTime must not equal parameter EndTime.");
  });

  it("pages ListMetrics at 500 with NextToken (the 1,000 data of one PutMetricData come gzip-compressed from the JS client)", async () => {
    const cw = t.cloudwatch();
    const names = Array.from({ length: 1001 }, (_, i) => `metric-${String(i).padStart(4, "0")}`);
    for (let i = 0; i < names.length; i += 1000) {
      await cw.send(
        new PutMetricDataCommand({
          Namespace: "Test/Paging",
          MetricData: names.slice(i, i + 1000).map((MetricName) => ({ MetricName, Timestamp: at(0), Value: 1 })),
        }),
      );
    }
    const sizes: number[] = [];
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await cw.send(new ListMetricsCommand({ Namespace: "Test/Paging", NextToken }));
      sizes.push(page.Metrics?.length ?? 0);
      seen.push(...(page.Metrics ?? []).map((m) => m.MetricName!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(sizes).toEqual([500, 500, 1]);
    expect(seen.sort()).toEqual(names);
    const bad = await failure(cw.send(new ListMetricsCommand({ Namespace: "Test/Paging", NextToken: "not-a-token" })));
    expect(bad.name).toBe("InvalidNextToken");
  });

  it("lists metrics filtered by namespace, name and dimension", async () => {
    const all = await t.cloudwatch().send(new ListMetricsCommand({ Namespace: "Test/Guardrails" }));
    expect(all.Metrics?.map((m) => m.MetricName).sort()).toEqual(["Errors", "Latency", "Other"]);
    const byDimension = await t
      .cloudwatch()
      .send(new ListMetricsCommand({ Dimensions: [{ Name: "EndpointName", Value: "other" }] }));
    expect(byDimension.Metrics).toEqual([
      { Namespace: "Test/Guardrails", MetricName: "Other", Dimensions: [{ Name: "EndpointName", Value: "other" }] },
    ]);
    const anyValue = await t
      .cloudwatch()
      .send(new ListMetricsCommand({ MetricName: "Latency", Dimensions: [{ Name: "VariantName" }] }));
    expect(anyValue.Metrics).toHaveLength(1);
  });

  // The JS client names errors after its modelled shapes; the query code (InvalidParameterValue…) rides in x-amzn-query-error.
  it("reports AWS's parameter errors", async () => {
    const cw = t.cloudwatch();
    const base = { Namespace: "Test/Guardrails", MetricName: "Latency", Statistics: ["Sum" as const] };
    const period = await failure(
      cw.send(new GetMetricStatisticsCommand({ ...base, StartTime: at(0), EndTime: at(60), Period: 45 })),
    );
    expect(period.name).toBe("InvalidParameterValueException");
    expect(period.$metadata.httpStatusCode).toBe(400);
    const order = await failure(
      cw.send(new GetMetricStatisticsCommand({ ...base, StartTime: at(60), EndTime: at(0), Period: 60 })),
    );
    expect(order.message).toBe("The parameter StartTime must be less than the parameter EndTime.");
    const tooMany = await failure(
      cw.send(new GetMetricStatisticsCommand({ ...base, StartTime: at(-86_400), EndTime: at(0), Period: 1 })),
    );
    expect(tooMany.name).toBe("InvalidParameterCombinationException");
    const noStats = await failure(
      cw.send(
        new GetMetricStatisticsCommand({
          ...base,
          Statistics: undefined,
          StartTime: at(0),
          EndTime: at(60),
          Period: 60,
        }),
      ),
    );
    expect(noStats.name).toBe("MissingRequiredParameterException");
    const reserved = await failure(
      cw.send(new PutMetricDataCommand({ Namespace: "AWS/SageMaker", MetricData: [{ MetricName: "x", Value: 1 }] })),
    );
    expect(reserved.name).toBe("InvalidParameterValueException");
  });
});
