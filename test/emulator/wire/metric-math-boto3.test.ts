/**
 * CloudWatch metric math over the query protocol, through Debian's boto3 (botocore 1.29): an alarm
 * on an error-rate expression round-trips through PutMetricAlarm and DescribeAlarms, GetMetricData
 * answers expressions (and their dropped datapoints, and array results), and a bad expression is
 * refused with CloudWatch's error code.
 */
import { startTestEmulator, type TestEmulator } from "../../../support/emulator";
import { describeWithTools } from "../../support/tools";
import { BOTO3, BOTO3_PRELUDE, python } from "./tools";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

const run = async (script: string) =>
  JSON.parse(
    await python(t.emulator.url, `${BOTO3_PRELUDE}\nresult = {}\n${script}\nprint(json.dumps(result))`),
  ) as Record<string, unknown>;

const QUERIES = `
dims = [{"Name": "EndpointName", "Value": "wire"}, {"Name": "VariantName", "Value": "AllTraffic"}]
stat = lambda i, name: {"Id": i, "MetricStat": {"Metric": {"Namespace": "Wire/Math", "MetricName": name, "Dimensions": dims}, "Period": 60, "Stat": "Sum"}, "ReturnData": False}
metrics = [stat("m1", "Invocation5XXErrors"), stat("m2", "Invocations"), {"Id": "e1", "Expression": "100 * m1 / m2", "Label": "Error rate", "ReturnData": True}]
`;

describeWithTools([BOTO3], "CloudWatch metric math through boto3 (query protocol)", () => {
  it("PutMetricAlarm with Metrics: DescribeAlarms returns the queries as sent; a second returned query is refused", async () => {
    const r = await run(`${QUERIES}
cw.put_metric_alarm(AlarmName="error-rate", Metrics=metrics, EvaluationPeriods=3, DatapointsToAlarm=2, Threshold=5.0, ComparisonOperator="GreaterThanThreshold", TreatMissingData="notBreaching")
alarm = cw.describe_alarms(AlarmNames=["error-rate"])["MetricAlarms"][0]
result["metrics"] = alarm["Metrics"]
result["shape"] = [alarm.get("MetricName"), alarm.get("Namespace"), alarm.get("Statistic"), alarm["Period"], alarm["EvaluationPeriods"], alarm["DatapointsToAlarm"], alarm["StateValue"]]
result["two_returned"] = error_of(lambda: cw.put_metric_alarm(AlarmName="two", Metrics=[{**q, "ReturnData": True} for q in metrics], EvaluationPeriods=1, Threshold=5.0, ComparisonOperator="GreaterThanThreshold"))
result["bad_syntax"] = error_of(lambda: cw.put_metric_alarm(AlarmName="bad", Metrics=metrics[:2] + [{"Id": "e1", "Expression": "100 * (m1 / m2", "ReturnData": True}], EvaluationPeriods=1, Threshold=5.0, ComparisonOperator="GreaterThanThreshold"))
`);
    const dims = [
      { Name: "EndpointName", Value: "wire" },
      { Name: "VariantName", Value: "AllTraffic" },
    ];
    const stat = (Id: string, MetricName: string) => ({
      Id,
      MetricStat: { Metric: { Namespace: "Wire/Math", MetricName, Dimensions: dims }, Period: 60, Stat: "Sum" },
      ReturnData: false,
    });
    expect(r).toEqual({
      metrics: [
        stat("m1", "Invocation5XXErrors"),
        stat("m2", "Invocations"),
        { Id: "e1", Expression: "100 * m1 / m2", Label: "Error rate", ReturnData: true },
      ],
      shape: [null, null, null, 60, 3, 2, "INSUFFICIENT_DATA"],
      two_returned: ["ValidationError", "Exactly one element of the metrics list should return data.", 400],
      bad_syntax: ["ValidationError", "Error in expression e1: Unexpected end of expression.", 400],
    });
  });

  it("GetMetricData with expressions: a rate with its dropped datapoint, an array result, a refused expression", async () => {
    const r = await run(`${QUERIES}
start = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0) - datetime.timedelta(minutes=5)
minute = lambda m: start + datetime.timedelta(minutes=m)
for m, (errors, calls) in enumerate([(1, 4), (0, 0), (3, 6)]):
    cw.put_metric_data(Namespace="Wire/Math", MetricData=[{"MetricName": "Invocation5XXErrors", "Dimensions": dims, "Timestamp": minute(m), "Value": float(errors)}, {"MetricName": "Invocations", "Dimensions": dims, "Timestamp": minute(m), "Value": float(calls)}])
out = cw.get_metric_data(StartTime=minute(0), EndTime=minute(3), ScanBy="TimestampAscending", MetricDataQueries=metrics + [{"Id": "all", "Expression": "FILL(METRICS(), 0) * 2"}])
result["results"] = [[r["Id"], r["Label"], [int((t - start).total_seconds()) for t in r["Timestamps"]], r["Values"], r["StatusCode"], r.get("Messages", [])] for r in out["MetricDataResults"]]
result["unknown"] = error_of(lambda: cw.get_metric_data(StartTime=minute(0), EndTime=minute(3), MetricDataQueries=metrics[:2] + [{"Id": "e1", "Expression": "m1 / m3"}]))
`);
    expect(r).toEqual({
      results: [
        [
          "e1",
          "Error rate",
          [0, 120],
          [25, 50],
          "Complete",
          [
            {
              Code: "ArithmeticError",
              Value: "One or more data-points have been dropped due to non-numeric values (NaN, -Infinite, +Infinite)",
            },
          ],
        ],
        ["all", "Invocation5XXErrors", [0, 60, 120], [2, 0, 6], "Complete", []],
        ["all", "Invocations", [0, 60, 120], [8, 0, 12], "Complete", []],
      ],
      unknown: ["ValidationError", "Error in expression e1: Unrecognized identifier m3.", 400],
    });
  });
});
