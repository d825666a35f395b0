/**
 * Composite alarms and alarm tags through Debian's boto3 (botocore 1.29), over CloudWatch's query
 * protocol: PutCompositeAlarm, DescribeAlarms by AlarmTypes (CompositeAlarms in their own list),
 * children and parents, CloudWatch's ValidationError refusals, and TagResource /
 * UntagResource / ListTagsForResource with their errors.
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
    await python(t.emulator.url, `${BOTO3_PRELUDE}\nresult = {}\n${script}\nprint(json.dumps(result, default=str))`),
  ) as Record<string, unknown>;

const METRIC_ALARM = `
def metric_alarm(name, **extra):
    cw.put_metric_alarm(AlarmName=name, Namespace="Wire/Composite", MetricName="Errors", Statistic="Sum",
                        Period=60, EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold", **extra)
`;

describeWithTools([BOTO3], "composite alarms and alarm tags through boto3 (query protocol)", () => {
  it("PutCompositeAlarm, DescribeAlarms by AlarmTypes, children, parents and refusals", async () => {
    const r = await run(`${METRIC_ALARM}
metric_alarm("w-errors")
metric_alarm("w-latency")
cw.set_alarm_state(AlarmName="w-errors", StateValue="ALARM", StateReason="drill")
cw.put_composite_alarm(AlarmName="w-guard", AlarmRule='ALARM("w-errors") OR ALARM(w-latency)',
                       AlarmDescription="errors or latency", ActionsEnabled=False)
default = cw.describe_alarms(AlarmNamePrefix="w-")
result["default_metric"] = [a["AlarmName"] for a in default["MetricAlarms"]]
result["default_composite"] = default.get("CompositeAlarms")
composite = cw.describe_alarms(AlarmNames=["w-guard"], AlarmTypes=["CompositeAlarm"])
result["composite_metric"] = composite["MetricAlarms"]
c = composite["CompositeAlarms"][0]
result["composite"] = {k: c[k] for k in ["AlarmName", "AlarmArn", "AlarmRule", "AlarmDescription", "ActionsEnabled", "StateValue", "StateReason"]}
result["reason_data"] = json.loads(c["StateReasonData"])
result["children"] = cw.describe_alarms(ChildrenOfAlarmName="w-guard", AlarmTypes=["MetricAlarm", "CompositeAlarm"])["MetricAlarms"]
result["parents"] = cw.describe_alarms(ParentsOfAlarmName="w-latency", AlarmTypes=["CompositeAlarm"])["CompositeAlarms"]
result["unknown"] = error_of(lambda: cw.put_composite_alarm(AlarmName="w-bad", AlarmRule="ALARM(w-nothing)"))
result["syntax"] = error_of(lambda: cw.put_composite_alarm(AlarmName="w-bad", AlarmRule="ALARM(w-errors) AND"))
result["delete_child"] = error_of(lambda: cw.delete_alarms(AlarmNames=["w-latency"]))
result["history"] = [[h["AlarmType"], h["HistorySummary"]] for h in
    cw.describe_alarm_history(AlarmName="w-guard", AlarmTypes=["CompositeAlarm"], ScanBy="TimestampAscending")["AlarmHistoryItems"]]
`);
    expect(r.default_metric).toEqual(["w-errors", "w-latency"]);
    expect(r.default_composite).toEqual([]);
    expect(r.composite_metric).toEqual([]);
    expect(r.composite).toEqual({
      AlarmName: "w-guard",
      AlarmArn: "arn:aws:cloudwatch:us-east-1:000000000000:alarm:w-guard",
      AlarmRule: 'ALARM("w-errors") OR ALARM(w-latency)',
      AlarmDescription: "errors or latency",
      ActionsEnabled: false,
      StateValue: "ALARM",
      StateReason: expect.stringMatching(
        /^arn:aws:cloudwatch:us-east-1:000000000000:alarm:w-\w+ transitioned to /,
      ) as string,
    });
    expect(r.reason_data).toEqual({
      triggeringAlarms: expect.arrayContaining([
        {
          arn: "arn:aws:cloudwatch:us-east-1:000000000000:alarm:w-errors",
          state: { value: "ALARM", timestamp: expect.any(String) as string },
        },
      ]) as unknown,
    });
    expect((r.children as { AlarmName: string; StateValue: string }[]).map((a) => [a.AlarmName, a.StateValue])).toEqual(
      [
        ["w-errors", "ALARM"],
        ["w-latency", "INSUFFICIENT_DATA"],
      ],
    );
    expect(r.parents).toEqual([
      { AlarmName: "w-guard", AlarmArn: "arn:aws:cloudwatch:us-east-1:000000000000:alarm:w-guard" },
    ]);
    expect(r.unknown).toEqual([
      "ValidationError",
      "Could not save the composite alarm as alarms [w-nothing] in the alarm rule do not exist",
      400,
    ]);
    expect((r.syntax as unknown[])[0]).toBe("ValidationError");
    expect(r.delete_child).toEqual([
      "ValidationError",
      "Cannot delete w-latency as there are composite alarm(s) depending on it.",
      400,
    ]);
    expect(r.history).toEqual([
      ["CompositeAlarm", 'Alarm "w-guard" created'],
      ["CompositeAlarm", "Alarm updated from INSUFFICIENT_DATA to ALARM"],
    ]);
  });

  it("TagResource, UntagResource and ListTagsForResource by alarm ARN, with CloudWatch's errors", async () => {
    const r = await run(`${METRIC_ALARM}
metric_alarm("w-tagged", Tags=[{"Key": "team", "Value": "ml"}])
arn = cw.describe_alarms(AlarmNames=["w-tagged"])["MetricAlarms"][0]["AlarmArn"]
cw.tag_resource(ResourceARN=arn, Tags=[{"Key": "stage", "Value": "prod"}])
result["tagged"] = cw.list_tags_for_resource(ResourceARN=arn)["Tags"]
cw.untag_resource(ResourceARN=arn, TagKeys=["team"])
result["untagged"] = cw.list_tags_for_resource(ResourceARN=arn)["Tags"]
result["absent"] = error_of(lambda: cw.list_tags_for_resource(ResourceARN=arn + "-absent"))
result["not_alarm"] = error_of(lambda: cw.tag_resource(ResourceARN="arn:aws:s3:::bucket", Tags=[{"Key": "k", "Value": "v"}]))
result["too_many"] = error_of(lambda: cw.tag_resource(ResourceARN=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)]))
result["long_key"] = error_of(lambda: cw.tag_resource(ResourceARN=arn, Tags=[{"Key": "k" * 129, "Value": "v"}]))
`);
    expect(r.tagged).toEqual([
      { Key: "team", Value: "ml" },
      { Key: "stage", Value: "prod" },
    ]);
    expect(r.untagged).toEqual([{ Key: "stage", Value: "prod" }]);
    expect((r.absent as unknown[])[0]).toBe("ResourceNotFoundException");
    expect((r.absent as unknown[])[2]).toBe(404);
    expect((r.not_alarm as unknown[])[0]).toBe("InvalidParameterValue");
    expect((r.too_many as unknown[])[0]).toBe("InvalidParameterValue");
    expect((r.long_key as unknown[])[0]).toBe("ValidationError");
  });
});
