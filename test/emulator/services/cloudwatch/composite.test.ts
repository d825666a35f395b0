import {
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  type CompositeAlarm,
  type PutCompositeAlarmCommandInput,
  type StateValue,
} from "@aws-sdk/client-cloudwatch";
import { ManualClock } from "../../../../src/emulator/clock";
import { failure, startTestEmulator, tempStateDir, type TestEmulator } from "../../../../support/emulator";

const clock = new ManualClock();
let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ clock, stateDir: tempStateDir(), publicationDelayMs: 0 });
});
afterAll(() => t.stop());

const NAMESPACE = "Test/Composite";
const ARN = (name: string) => `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${name}`;

const metricAlarm = (name: string) =>
  t.cloudwatch().send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      Namespace: NAMESPACE,
      MetricName: "Errors",
      Dimensions: [{ Name: "Service", Value: name }],
      Statistic: "Sum",
      Period: 10,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    }),
  );

const composite = (name: string, rule: string, extra: Partial<PutCompositeAlarmCommandInput> = {}) =>
  t.cloudwatch().send(new PutCompositeAlarmCommand({ AlarmName: name, AlarmRule: rule, ...extra }));

const setState = (name: string, value: StateValue) =>
  t.cloudwatch().send(new SetAlarmStateCommand({ AlarmName: name, StateValue: value, StateReason: "test" }));

async function describeComposite(name: string): Promise<CompositeAlarm> {
  const out = await t
    .cloudwatch()
    .send(new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ["CompositeAlarm"] }));
  expect(out.CompositeAlarms).toHaveLength(1);
  return out.CompositeAlarms![0]!;
}
/** The query-protocol error code (the SDK names errors the model does not declare by their own rules). */
const codeOf = (e: Error) => (e as Error & { Code?: string }).Code;

const stateOf = async (name: string) => (await describeComposite(name)).StateValue;

describe("PutCompositeAlarm and DescribeAlarms by AlarmTypes", () => {
  it("creates a composite alarm evaluated at once on its children, listed only among CompositeAlarms", async () => {
    await metricAlarm("c1-errors");
    await metricAlarm("c1-latency");
    await setState("c1-errors", "ALARM");
    const rule = `ALARM("c1-errors") OR ALARM(${ARN("c1-latency")})`;
    await composite("c1", rule, {
      AlarmDescription: "errors or latency",
      AlarmActions: ["arn:aws:sns:us-east-1:000000000000:oncall"],
    });
    const now = clock.now();
    expect(await describeComposite("c1")).toEqual({
      AlarmName: "c1",
      AlarmArn: ARN("c1"),
      AlarmDescription: "errors or latency",
      AlarmRule: rule,
      AlarmConfigurationUpdatedTimestamp: new Date(now),
      ActionsEnabled: true,
      AlarmActions: ["arn:aws:sns:us-east-1:000000000000:oncall"],
      OKActions: [],
      InsufficientDataActions: [],
      StateValue: "ALARM",
      StateReason: expect.stringMatching(
        /^arn:aws:cloudwatch:us-east-1:000000000000:alarm:c1-\w+ transitioned to \w+ at \w+day \d\d \w+, \d{4} \d\d:\d\d:\d\d UTC$/,
      ) as string,
      StateReasonData: expect.any(String) as string,
      StateUpdatedTimestamp: new Date(now),
      StateTransitionedTimestamp: new Date(now),
    });
    // Created: every child is a triggering alarm.
    const data = JSON.parse((await describeComposite("c1")).StateReasonData!) as {
      triggeringAlarms: { arn: string; state: { value: string; timestamp: string } }[];
    };
    expect(data.triggeringAlarms.map((a) => [a.arn, a.state.value]).sort()).toEqual([
      [ARN("c1-errors"), "ALARM"],
      [ARN("c1-latency"), "INSUFFICIENT_DATA"],
    ]);
    expect(data.triggeringAlarms[0]!.state.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);

    const cw = t.cloudwatch();
    const byDefault = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "c1" }));
    expect(byDefault.MetricAlarms?.map((a) => a.AlarmName)).toEqual(["c1-errors", "c1-latency"]);
    expect(byDefault.CompositeAlarms).toEqual([]);
    const both = await cw.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: "c1", AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }),
    );
    expect(both.MetricAlarms?.map((a) => a.AlarmName)).toEqual(["c1-errors", "c1-latency"]);
    expect(both.CompositeAlarms?.map((a) => a.AlarmName)).toEqual(["c1"]);
    const inAlarm = await cw.send(
      new DescribeAlarmsCommand({ AlarmTypes: ["CompositeAlarm"], StateValue: "ALARM", AlarmNamePrefix: "c1" }),
    );
    expect(inAlarm.CompositeAlarms?.map((a) => a.AlarmName)).toEqual(["c1"]);
  });

  it("follows its children's states with AND, OR, NOT, OK(), INSUFFICIENT_DATA() and parentheses", async () => {
    for (const n of ["g-a", "g-b", "g-c"]) await metricAlarm(n);
    await composite("g", "(ALARM(g-a) AND NOT OK(g-b)) OR (INSUFFICIENT_DATA(g-c) AND FALSE)");
    expect(await stateOf("g")).toBe("OK");
    await setState("g-a", "ALARM");
    // g-b is INSUFFICIENT_DATA, so NOT OK(g-b) holds.
    expect(await stateOf("g")).toBe("ALARM");
    await setState("g-b", "OK");
    expect(await stateOf("g")).toBe("OK");
    const reason = (await describeComposite("g")).StateReason;
    expect(reason).toMatch(/^arn:aws:cloudwatch:us-east-1:000000000000:alarm:g-b transitioned to OK at /);
    await composite("always", "TRUE");
    expect(await describeComposite("always")).toMatchObject({
      StateValue: "ALARM",
      StateReason: "The alarm rule evaluated to TRUE.",
    });
  });

  it("evaluates after the metric alarms of the same tick, children before parents", async () => {
    await metricAlarm("tick-child");
    await composite("tick-parent", "ALARM(tick-child)");
    await composite("tick-grandparent", "ALARM(tick-parent) AND TRUE");
    const zero = Math.ceil((clock.now() + 1) / 60_000) * 60_000;
    clock.advance(zero - clock.now());
    await t.cloudwatch().send(
      new PutMetricDataCommand({
        Namespace: NAMESPACE,
        MetricData: [
          {
            MetricName: "Errors",
            Dimensions: [{ Name: "Service", Value: "tick-child" }],
            Timestamp: new Date(zero + 1000),
            Value: 3,
            StorageResolution: 1,
          },
        ],
      }),
    );
    clock.advance(10_000);
    expect(await stateOf("tick-grandparent")).toBe("ALARM");
    const history = await t.cloudwatch().send(
      new DescribeAlarmHistoryCommand({
        HistoryItemType: "StateUpdate",
        ScanBy: "TimestampAscending",
        AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
      }),
    );
    const tick = history.AlarmHistoryItems!.filter((h) => h.Timestamp!.getTime() === zero + 10_000);
    expect(tick.map((h) => [h.AlarmName, h.AlarmType, h.HistorySummary])).toEqual([
      ["tick-child", "MetricAlarm", "Alarm updated from INSUFFICIENT_DATA to ALARM"],
      ["tick-parent", "CompositeAlarm", "Alarm updated from OK to ALARM"],
      ["tick-grandparent", "CompositeAlarm", "Alarm updated from OK to ALARM"],
    ]);
    const onlyComposite = await t
      .cloudwatch()
      .send(new DescribeAlarmHistoryCommand({ AlarmName: "tick-parent", AlarmTypes: ["CompositeAlarm"] }));
    expect(onlyComposite.AlarmHistoryItems?.map((h) => h.HistorySummary)).toEqual([
      "Alarm updated from OK to ALARM",
      "Alarm updated from INSUFFICIENT_DATA to OK",
      'Alarm "tick-parent" created',
    ]);
    // Without AlarmTypes, metric alarms only (as documented).
    const byDefault = await t.cloudwatch().send(new DescribeAlarmHistoryCommand({ AlarmName: "tick-parent" }));
    expect(byDefault.AlarmHistoryItems).toEqual([]);
  });

  it("keeps ActionsSuppressor with its wait and extension periods, which it requires", async () => {
    await metricAlarm("sup-child");
    await metricAlarm("sup-maintenance");
    await composite("sup", "ALARM(sup-child)", {
      ActionsSuppressor: "sup-maintenance",
      ActionsSuppressorWaitPeriod: 60,
      ActionsSuppressorExtensionPeriod: 120,
    });
    expect(await describeComposite("sup")).toMatchObject({
      ActionsSuppressor: "sup-maintenance",
      ActionsSuppressorWaitPeriod: 60,
      ActionsSuppressorExtensionPeriod: 120,
    });
    const noPeriods = await failure(composite("sup-2", "ALARM(sup-child)", { ActionsSuppressor: "sup-maintenance" }));
    expect(codeOf(noPeriods)).toBe("ValidationError");
    const unknown = await failure(
      composite("sup-3", "ALARM(sup-child)", {
        ActionsSuppressor: "nowhere",
        ActionsSuppressorWaitPeriod: 60,
        ActionsSuppressorExtensionPeriod: 60,
      }),
    );
    expect(codeOf(unknown)).toBe("ValidationError");
  });

  it("keeps a state set with SetAlarmState until a child changes", async () => {
    await metricAlarm("set-child");
    await composite("set-parent", "ALARM(set-child)");
    await setState("set-parent", "ALARM");
    expect(await stateOf("set-parent")).toBe("ALARM");
    await setState("set-child", "OK");
    expect(await stateOf("set-parent")).toBe("OK");
  });

  it("lists children (name, ARN, state) and parents (name, ARN)", async () => {
    await metricAlarm("fam-metric");
    await composite("fam-inner", "OK(fam-metric)");
    await composite("fam-outer", "ALARM(fam-inner) OR ALARM(fam-metric)");
    const cw = t.cloudwatch();
    const children = await cw.send(new DescribeAlarmsCommand({ ChildrenOfAlarmName: "fam-outer" }));
    expect(children.MetricAlarms).toEqual([
      {
        AlarmName: "fam-metric",
        AlarmArn: ARN("fam-metric"),
        StateValue: "INSUFFICIENT_DATA",
        StateUpdatedTimestamp: expect.any(Date) as Date,
      },
    ]);
    expect(children.CompositeAlarms?.map((a) => [a.AlarmName, a.AlarmArn, a.StateValue])).toEqual([
      ["fam-inner", ARN("fam-inner"), "OK"],
    ]);
    const parents = await cw.send(new DescribeAlarmsCommand({ ParentsOfAlarmName: "fam-metric" }));
    expect(parents.CompositeAlarms).toEqual([
      { AlarmName: "fam-inner", AlarmArn: ARN("fam-inner") },
      { AlarmName: "fam-outer", AlarmArn: ARN("fam-outer") },
    ]);
    const refused = await failure(
      cw.send(new DescribeAlarmsCommand({ ParentsOfAlarmName: "fam-metric", StateValue: "OK" })),
    );
    expect(codeOf(refused)).toBe("ValidationError");
  });
});

describe("refusals", () => {
  it("refuses a rule naming alarms that do not exist, itself included, with CloudWatch's message", async () => {
    await metricAlarm("known");
    const e = await failure(composite("naming-unknown", "ALARM(known) AND (ALARM(ghost) OR OK(naming-unknown))"));
    expect(codeOf(e)).toBe("ValidationError");
    expect(e.message).toBe(
      "Could not save the composite alarm as alarms [ghost, naming-unknown] in the alarm rule do not exist",
    );
    expect(e.$metadata.httpStatusCode).toBe(400);
    const other = await failure(
      composite("other-region", `ALARM("arn:aws:cloudwatch:eu-west-1:000000000000:alarm:known")`),
    );
    expect(other.message).toContain("do not exist");
  });

  it("refuses rules it cannot read, and rules over the documented length", async () => {
    for (const rule of [
      "ALARM(known) AND",
      "ALARM(known",
      "MAYBE(known)",
      "ALARM(known) XOR OK(known)",
      "()",
      'ALARM("known)',
    ]) {
      const e = await failure(composite("bad-rule", rule));
      expect([rule, codeOf(e)]).toEqual([rule, "ValidationError"]);
    }
    const long = await failure(composite("too-long", `ALARM(known)${" OR TRUE".repeat(1300)}`));
    expect(codeOf(long)).toBe("ValidationError");
    expect(long.message).toContain("10240");
    const elements = await failure(composite("too-many", Array(501).fill("TRUE").join(" OR ")));
    expect(elements.message).toContain("501 elements; at most 500");
    const children = Array.from({ length: 101 }, (_, i) => `child-${i}`);
    for (const c of children) await metricAlarm(c);
    const many = await failure(composite("too-many-children", children.map((c) => `ALARM(${c})`).join(" OR ")));
    expect(many.message).toContain("more than 100 alarms");
    expect(
      (
        await t
          .cloudwatch()
          .send(new DescribeAlarmsCommand({ AlarmNames: ["bad-rule"], AlarmTypes: ["CompositeAlarm"] }))
      ).CompositeAlarms,
    ).toEqual([]);
  });

  it("refuses to delete an alarm a composite alarm names, and more than one composite alarm at once", async () => {
    await metricAlarm("del-child");
    await composite("del-parent", "ALARM(del-child)");
    const cw = t.cloudwatch();
    const e = await failure(cw.send(new DeleteAlarmsCommand({ AlarmNames: ["del-child"] })));
    expect(codeOf(e)).toBe("ValidationError");
    expect(e.message).toBe("Cannot delete del-child as there are composite alarm(s) depending on it.");
    await composite("del-other", "TRUE");
    const two = await failure(cw.send(new DeleteAlarmsCommand({ AlarmNames: ["del-parent", "del-other"] })));
    expect(codeOf(two)).toBe("ValidationError");
    // The child and its only parent together: allowed.
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ["del-child", "del-parent"] }));
    const left = await cw.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: "del-", AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }),
    );
    expect(left.MetricAlarms).toEqual([]);
    expect(left.CompositeAlarms?.map((a) => a.AlarmName)).toEqual(["del-other"]);
  });

  it("lets a cycle be made, stops evaluating it, and keeps its members from deletion until it is broken", async () => {
    await metricAlarm("cyc-m");
    await composite("cyc-a", "ALARM(cyc-m)");
    await composite("cyc-b", "ALARM(cyc-a)");
    await composite("cyc-a", "ALARM(cyc-m) OR ALARM(cyc-b)");
    const before = await stateOf("cyc-a");
    await setState("cyc-m", "ALARM");
    expect([await stateOf("cyc-a"), await stateOf("cyc-b")]).toEqual([before, "OK"]);
    const cw = t.cloudwatch();
    for (const name of ["cyc-a", "cyc-b"]) {
      const e = await failure(cw.send(new DeleteAlarmsCommand({ AlarmNames: [name] })));
      expect(e.message).toBe(`Cannot delete ${name} as there are composite alarm(s) depending on it.`);
    }
    await composite("cyc-a", "FALSE");
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ["cyc-b"] }));
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ["cyc-a"] }));
  });

  it("keeps metric and composite alarm names apart", async () => {
    await metricAlarm("name-metric");
    await composite("name-composite", "TRUE");
    expect(codeOf(await failure(composite("name-metric", "TRUE")))).toBe("ValidationError");
    expect(codeOf(await failure(metricAlarm("name-composite")))).toBe("ValidationError");
  });
});
