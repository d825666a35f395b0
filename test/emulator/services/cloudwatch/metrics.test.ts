import { GetMetricDataCommand, GetMetricStatisticsCommand, ListMetricsCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { failure, startTestEmulator, type TestEmulator } from "../../harness";

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
        { MetricName: "Errors", Dimensions, Timestamp: at(3), StatisticValues: { SampleCount: 4, Sum: 2, Minimum: 0, Maximum: 1 } },
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
      { Timestamp: at(0), SampleCount: 2, Sum: 40, Average: 20, Minimum: 10, Maximum: 30, Unit: "Microseconds", ExtendedStatistics: { p50: 20 } },
      { Timestamp: at(60), SampleCount: 4, Sum: 26, Average: 6.5, Minimum: 5, Maximum: 7, Unit: "Microseconds", ExtendedStatistics: { p50: 6 } },
    ]);
  });

  it("answers GetMetricData per query, newest first by default", async () => {
    const out = await t.cloudwatch().send(
      new GetMetricDataCommand({
        StartTime: at(0),
        EndTime: at(120),
        MetricDataQueries: [
          { Id: "latency", MetricStat: { Metric: { Namespace: "Test/Guardrails", MetricName: "Latency", Dimensions }, Period: 60, Stat: "Maximum" } },
          { Id: "errors", Label: "Errors", MetricStat: { Metric: { Namespace: "Test/Guardrails", MetricName: "Errors", Dimensions }, Period: 60, Stat: "Sum" } },
          { Id: "hidden", ReturnData: false, MetricStat: { Metric: { Namespace: "Test/Guardrails", MetricName: "Errors", Dimensions }, Period: 60, Stat: "Sum" } },
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
      cw.send(new PutMetricDataCommand({ Namespace: "Test/Resolution", MetricData: [{ MetricName, Timestamp: at(15), Value: 1, StorageResolution }] }));
    await put("High", 1);
    await put("Standard", 60);
    await put("Default");
    const query = (MetricName: string) => ({ Id: MetricName.toLowerCase(), MetricStat: { Metric: { Namespace: "Test/Resolution", MetricName }, Period: 10, Stat: "Sum" } });
    const out = await cw.send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(60), MetricDataQueries: ["High", "Standard", "Default"].map(query) }));
    expect(out.MetricDataResults?.map((r) => [r.Id, r.Timestamps])).toEqual([
      ["high", [at(10)]],
      ["standard", [at(0)]],
      ["default", [at(0)]],
    ]);
    const invalid = await failure(put("Five", 5));
    expect(invalid.name).toBe("InvalidParameterValueException");
    expect(invalid.message).toBe("The value 5 for parameter MetricData.member.1.StorageResolution is invalid.");
  });

  it("lists metrics filtered by namespace, name and dimension", async () => {
    const all = await t.cloudwatch().send(new ListMetricsCommand({ Namespace: "Test/Guardrails" }));
    expect(all.Metrics?.map((m) => m.MetricName).sort()).toEqual(["Errors", "Latency", "Other"]);
    const byDimension = await t.cloudwatch().send(new ListMetricsCommand({ Dimensions: [{ Name: "EndpointName", Value: "other" }] }));
    expect(byDimension.Metrics).toEqual([{ Namespace: "Test/Guardrails", MetricName: "Other", Dimensions: [{ Name: "EndpointName", Value: "other" }] }]);
    const anyValue = await t.cloudwatch().send(new ListMetricsCommand({ MetricName: "Latency", Dimensions: [{ Name: "VariantName" }] }));
    expect(anyValue.Metrics).toHaveLength(1);
  });

  // The JS client names errors after its modelled shapes; the query code (InvalidParameterValue…) rides in x-amzn-query-error.
  it("reports AWS's parameter errors", async () => {
    const cw = t.cloudwatch();
    const base = { Namespace: "Test/Guardrails", MetricName: "Latency", Statistics: ["Sum" as const] };
    const period = await failure(cw.send(new GetMetricStatisticsCommand({ ...base, StartTime: at(0), EndTime: at(60), Period: 45 })));
    expect(period.name).toBe("InvalidParameterValueException");
    expect(period.$metadata.httpStatusCode).toBe(400);
    const order = await failure(cw.send(new GetMetricStatisticsCommand({ ...base, StartTime: at(60), EndTime: at(0), Period: 60 })));
    expect(order.message).toBe("The parameter StartTime must be less than the parameter EndTime.");
    const tooMany = await failure(cw.send(new GetMetricStatisticsCommand({ ...base, StartTime: at(-86_400), EndTime: at(0), Period: 1 })));
    expect(tooMany.name).toBe("InvalidParameterCombinationException");
    const noStats = await failure(cw.send(new GetMetricStatisticsCommand({ ...base, Statistics: undefined, StartTime: at(0), EndTime: at(60), Period: 60 })));
    expect(noStats.name).toBe("MissingRequiredParameterException");
    const reserved = await failure(cw.send(new PutMetricDataCommand({ Namespace: "AWS/SageMaker", MetricData: [{ MetricName: "x", Value: 1 }] })));
    expect(reserved.name).toBe("InvalidParameterValueException");
    const math = await failure(cw.send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(60), MetricDataQueries: [{ Id: "m", Expression: "SUM(METRICS())" }] })));
    expect(math.name).toBe("InvalidParameterValueException");
  });
});
