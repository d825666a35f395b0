/**
 * A composite alarm as a deployment guardrail: named in AutoRollbackConfiguration, it rolls the
 * deployment back when it goes to ALARM – here when its 5XX child does, under a canary of the
 * faulty XGBoost fleet – and lets a good deployment through.
 */
import { DescribeAlarmHistoryCommand, PutCompositeAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { UpdateEndpointCommand } from "@aws-sdk/client-sagemaker";
import { canaryConfig } from "../../../support/deployment-config";
import {
  alarmName,
  createAlarms,
  createEndpoint,
  fromFaultyFleet,
  startFixture,
  walk,
  type DeploymentFixture,
} from "./fixture";

let f: DeploymentFixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.t.stop());

/** The endpoint on v1 guarded by one composite alarm over the notebook's three alarms, updated to `target`. */
async function deployUnderComposite(endpoint: string, target: string) {
  await createEndpoint(f, endpoint, "v1");
  const [errors5xx, errors4xx, latency] = await createAlarms(f.t, endpoint);
  const composite = `Guardrail-${endpoint}`;
  await f.t.cloudwatch().send(
    new PutCompositeAlarmCommand({
      AlarmName: composite,
      AlarmRule: `ALARM("${errors5xx}") OR (ALARM("${errors4xx}") AND ALARM("${latency}"))`,
      ActionsEnabled: false,
    }),
  );
  await f.t.sagemaker().send(
    new UpdateEndpointCommand({
      EndpointName: endpoint,
      EndpointConfigName: target,
      DeploymentConfig: canaryConfig(20, { alarms: [composite] }),
    }),
  );
  return { composite, w: await walk(f, endpoint, { requestsPerPoll: 4 }) };
}

describe("a composite alarm in AutoRollbackConfiguration", () => {
  it("rolls the deployment back when it goes to ALARM after its 5XX child", async () => {
    const { composite, w } = await deployUnderComposite("composite-bad", "bad");
    expect([...new Set(w.polls.map((d) => d.EndpointStatus))]).toEqual(["Updating", "RollingBack", "InService"]);
    expect(w.polls.at(-1)).toMatchObject({
      EndpointConfigName: "v1",
      FailureReason: `One or more configured alarm for automatic rollback deployment is in ALARM state: [${composite}].`,
    });
    expect(w.failures.length).toBeGreaterThan(0);
    expect(w.failures.filter((e) => !fromFaultyFleet(e))).toEqual([]);
    const history = await f.t.cloudwatch().send(
      new DescribeAlarmHistoryCommand({
        AlarmName: composite,
        HistoryItemType: "StateUpdate",
        AlarmTypes: ["CompositeAlarm"],
      }),
    );
    const toAlarm = history.AlarmHistoryItems!.find((h) => h.HistorySummary === "Alarm updated from OK to ALARM")!;
    expect(JSON.parse(toAlarm.HistoryData!)).toMatchObject({
      newState: {
        stateValue: "ALARM",
        stateReason: expect.stringContaining(
          `:alarm:${alarmName("5XXErrors", "composite-bad")} transitioned to ALARM at `,
        ) as string,
      },
    });
  });

  it("lets a good deployment through", async () => {
    const { w } = await deployUnderComposite("composite-good", "v2");
    expect(w.polls.at(-1)).toMatchObject({ EndpointStatus: "InService", EndpointConfigName: "v2" });
    expect(w.polls.at(-1)!.FailureReason).toBeUndefined();
    expect(w.failures).toEqual([]);
  });
});
