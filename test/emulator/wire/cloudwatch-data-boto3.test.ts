/**
 * CloudWatch's metric data through Debian's boto3 over the query protocol, checking the facts the
 * API reference and the statistics definitions give: a unit per datapoint, milliseconds of
 * StartTime/EndTime ignored and StartTime rounded down to the minute, Statistics and
 * ExtendedStatistics exclusive, the trimmed statistics, EvaluateLowSampleCountPercentile only on
 * percentile alarms.
 */
import { describeWithTools } from "../../support/tools";
import { BOTO3, boto3Emulator } from "./tools";

const run = boto3Emulator(`
utc_now = datetime.datetime.now(datetime.timezone.utc)
ms = lambda when, n: when.replace(microsecond=n * 1000)
stat_query = lambda name, stat, unit=None: {"Id": "q", "MetricStat": {"Metric": {"Namespace": "Wire/Data", "MetricName": name}, "Period": 60, "Stat": stat, **({"Unit": unit} if unit else {})}}
`);

describeWithTools([BOTO3], "CloudWatch metric data through boto3", () => {
  it("a Unit selects the datapoints sent with it; without one GetMetricData reads them all", async () => {
    const r = await run(`
cw.put_metric_data(Namespace="Wire/Data", MetricData=[
    {"MetricName": "units", "Value": 50, "Unit": "Seconds", "Timestamp": utc_now},
    {"MetricName": "units", "Value": -50, "Timestamp": utc_now},
])
read = lambda unit: cw.get_metric_data(StartTime=utc_now - datetime.timedelta(seconds=60), EndTime=utc_now + datetime.timedelta(seconds=60), MetricDataQueries=[stat_query("units", "SampleCount", unit)])["MetricDataResults"][0]["Values"]
result["without_unit"] = read(None)
result["seconds"] = read("Seconds")
result["count"] = read("Count")
`);
    expect(r).toEqual({ without_unit: [2], seconds: [1], count: [] });
  });

  it("ignores the milliseconds of StartTime and EndTime and rounds StartTime down to the minute", async () => {
    const r = await run(`
cw.put_metric_data(Namespace="Wire/Data", MetricData=[{"MetricName": "ms", "Value": 1.5, "Timestamp": ms(utc_now, 200)}])
stats = cw.get_metric_statistics(Namespace="Wire/Data", MetricName="ms", StartTime=ms(utc_now, 999), EndTime=utc_now + datetime.timedelta(seconds=1), Period=60, Statistics=["SampleCount", "Sum"])
result["statistics"] = [[p["SampleCount"], p["Sum"]] for p in stats["Datapoints"]]
data = cw.get_metric_data(StartTime=ms(utc_now, 999), EndTime=ms(utc_now + datetime.timedelta(seconds=1), 0), MetricDataQueries=[stat_query("ms", "SampleCount")])
result["data"] = data["MetricDataResults"][0]["Values"]
result["gms_within_a_second"] = error_of(lambda: cw.get_metric_statistics(Namespace="Wire/Data", MetricName="ms", StartTime=ms(utc_now, 20), EndTime=ms(utc_now, 987), Period=60, Statistics=["SampleCount"]))
result["gmd_within_a_second"] = error_of(lambda: cw.get_metric_data(StartTime=ms(utc_now, 20), EndTime=ms(utc_now, 987), MetricDataQueries=[stat_query("ms", "SampleCount")]))
`);
    expect(r).toEqual({
      statistics: [[1, 1.5]],
      data: [1],
      gms_within_a_second: [
        "InvalidParameterValue",
        "The parameter StartTime must be less than the parameter EndTime.",
        400,
      ],
      gmd_within_a_second: ["ValidationError", "The parameter StartTime must not equal parameter EndTime.", 400],
    });
  });

  it("refuses Statistics with ExtendedStatistics, and EvaluateLowSampleCountPercentile on a non-percentile alarm", async () => {
    const r = await run(`
result["both"] = error_of(lambda: cw.get_metric_statistics(Namespace="Wire/Data", MetricName="ms", StartTime=utc_now - datetime.timedelta(minutes=5), EndTime=utc_now, Period=60, Statistics=["Sum"], ExtendedStatistics=["p99"]))[0]
alarm = lambda name, **stat: cw.put_metric_alarm(AlarmName=name, Namespace="Wire/Data", MetricName="ms", Period=60, EvaluationPeriods=1, Threshold=1.0, ComparisonOperator="GreaterThanThreshold", EvaluateLowSampleCountPercentile="ignore", **stat)
result["average"] = error_of(lambda: alarm("low-average", Statistic="Average"))[0]
result["p99"] = error_of(lambda: alarm("low-p99", ExtendedStatistic="p99"))
`);
    expect(r).toEqual({ both: "InvalidParameterCombination", average: "InvalidParameterCombination", p99: null });
  });

  it("answers the trimmed statistics TM, IQM, PR, TC and WM in GetMetricData", async () => {
    const r = await run(`
now = utc_now.replace(second=0, microsecond=0) - datetime.timedelta(minutes=2)
cw.put_metric_data(Namespace="Wire/Data", MetricData=[{"MetricName": "spread", "Values": [1, 2, 3, 4, 5, 6, 7, 8, 9, 100], "Timestamp": now}])
for stat in ["TM(10%:90%)", "IQM", "PR(:50)", "PR(:5)", "TC(1:9)", "WM(10%:90%)", "TM(2:9)"]:
    out = cw.get_metric_data(StartTime=now, EndTime=now + datetime.timedelta(minutes=1), MetricDataQueries=[stat_query("spread", stat)])
    result[stat] = out["MetricDataResults"][0]["Values"]
result["bad"] = error_of(lambda: cw.get_metric_data(StartTime=now, EndTime=now + datetime.timedelta(minutes=1), MetricDataQueries=[stat_query("spread", "TM(90%:10%)")]))[0]
`);
    expect(r).toEqual({
      "TM(10%:90%)": [5.5],
      IQM: [5.5],
      "PR(:50)": [90],
      "PR(:5)": [50],
      "TC(1:9)": [8],
      "WM(10%:90%)": [5.5],
      "TM(2:9)": [6],
      bad: "InvalidParameterValue",
    });
  });
});
