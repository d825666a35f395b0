/** What a poll reads of the rollback alarms, through CloudWatch over HTTP. */
import { PutCompositeAlarmCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { observe } from "../../../src/aws/deploy/watch";
import { putErrorRateAlarms, startSession, type SessionFixture } from "../../support/session";

let f: SessionFixture;
beforeAll(async () => {
  f = await startSession();
});
afterAll(() => f.stop());

describe("a poll's alarm states", () => {
  it("include a composite alarm's, which DescribeAlarms lists only when AlarmTypes asks for it", async () => {
    const cloudwatch = f.session.clients.cloudwatch;
    await putErrorRateAlarms(f, ["Rate-ep", "Latency-ep"]);
    await cloudwatch.send(
      new PutCompositeAlarmCommand({
        AlarmName: "RateOrLatency-ep",
        AlarmRule: 'ALARM("Rate-ep") OR ALARM("Latency-ep")',
      }),
    );
    await cloudwatch.send(
      new SetAlarmStateCommand({ AlarmName: "Latency-ep", StateValue: "ALARM", StateReason: "rehearsal" }),
    );
    const o = await observe(f.session.clients, "no-such-endpoint", ["RateOrLatency-ep", "Latency-ep"]);
    expect(o.status).toBe("Gone");
    expect(o.alarms).toEqual({ "RateOrLatency-ep": "ALARM", "Latency-ep": "ALARM" });
  });
});
