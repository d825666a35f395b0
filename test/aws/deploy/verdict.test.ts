import { blastRadius, outcomeOf, verdictText, type Verdict } from "../../../src/aws/deploy/verdict";
import type { Observation } from "../../../src/aws/deploy/watch";
import type { RequestRecord } from "../../../src/aws/traffic";
import { canaryConfig } from "../../../support/deployment-config";

const poll = (t: number, status: string, configName: string, pendingConfigName?: string): Observation => ({
  t,
  status,
  configName,
  pendingConfigName,
  instances: 3,
  alarms: {},
});
const request = (sentAt: number, ok: boolean, latencyMs = 10): RequestRecord => ({
  index: sentAt,
  sentAt,
  latencyMs,
  ok,
  body: ok ? "{}" : "ModelError",
});

describe("a deployment's outcome", () => {
  it("is promoted when the endpoint is InService on the requested config", () => {
    expect(outcomeOf({ EndpointStatus: "InService", EndpointConfigName: "v2" }, "v2")).toBe("promoted");
  });

  it("is rolled back when the endpoint is InService on another config", () => {
    expect(outcomeOf({ EndpointStatus: "InService", EndpointConfigName: "v1" }, "v2")).toBe("rolled back");
  });

  it("is failed when the endpoint is not InService, or gone", () => {
    expect(outcomeOf({ EndpointStatus: "Failed", EndpointConfigName: "v2" }, "v2")).toBe("failed");
    expect(outcomeOf({ EndpointStatus: "UpdateRollbackFailed", EndpointConfigName: "v1" }, "v2")).toBe("failed");
    expect(outcomeOf(undefined, "v2")).toBe("failed");
  });
});

describe("a deployment's blast radius", () => {
  const rollingBack = [
    poll(0, "Updating", "v1", "v2"),
    poll(1000, "Updating", "v1", "v2"),
    poll(3400, "RollingBack", "v1", "v2"),
    poll(5000, "InService", "v1"),
  ];

  it("counts the failed requests and times the first of them to the first poll that shows RollingBack", () => {
    const traffic = [
      request(500, true),
      request(1200, false),
      request(1300, false),
      request(2000, true),
      request(3000, false),
    ];
    expect(blastRadius(traffic, rollingBack, "v1")).toEqual({
      failedRequests: 3,
      firstErrorAt: 1200,
      rollbackSeenAt: 3400,
      secondsFromFirstErrorToRollback: 2.2,
      recoveredAt: 5000,
    });
  });

  it("sees a rollback too fast to poll as the endpoint back InService on the previous config after a transition", () => {
    const quick = [poll(0, "Updating", "v1", "v2"), poll(2000, "InService", "v1")];
    expect(blastRadius([request(800, false)], quick, "v1")).toEqual({
      failedRequests: 1,
      firstErrorAt: 800,
      rollbackSeenAt: 2000,
      secondsFromFirstErrorToRollback: 1.2,
      recoveredAt: 2000,
    });
  });

  it("sees no rollback when the endpoint was on the previous config before any transition (the first poll)", () => {
    const promoted = [poll(0, "InService", "v1"), poll(1000, "Updating", "v1", "v2"), poll(3000, "InService", "v2")];
    expect(blastRadius([request(500, true)], promoted, "v1")).toEqual({
      failedRequests: 0,
      firstErrorAt: undefined,
      rollbackSeenAt: undefined,
      secondsFromFirstErrorToRollback: undefined,
    });
  });

  it("has no time to rollback when requests failed but nothing rolled back", () => {
    expect(
      blastRadius([request(100, false)], [poll(0, "Updating", "v1", "v2"), poll(900, "InService", "v2")], "v1"),
    ).toMatchObject({
      failedRequests: 1,
      rollbackSeenAt: undefined,
      secondsFromFirstErrorToRollback: undefined,
    });
  });
});

describe("a rollback's recovery", () => {
  it("is the first poll after the rollback began with the old fleet taking all the traffic", () => {
    const polls = [
      { ...poll(0, "Updating", "v1", "v2"), newFleetShare: 1 / 3 },
      { ...poll(3400, "RollingBack", "v1", "v2"), newFleetShare: 1 / 3 },
      { ...poll(4100, "RollingBack", "v1", "v2"), newFleetShare: 0 },
      poll(5000, "InService", "v1"),
    ];
    expect(blastRadius([request(1200, false)], polls, "v1").recoveredAt).toBe(4100);
  });
});

describe("a verdict in words", () => {
  const base: Verdict = {
    endpoint: "ep",
    requested: "v2",
    previous: "v1",
    attached: "v2",
    outcome: "promoted",
    startedAt: 0,
    finishedAt: 42_000,
    timeline: [],
    traffic: [request(100, true, 10), request(200, true, 30)],
    blastRadius: { failedRequests: 0 },
    alarms: [],
  };

  it("names what the failed requests were, kind by kind", () => {
    const failed = (error: string, originalStatusCode?: number): RequestRecord => ({
      ...request(300, false),
      error,
      originalStatusCode,
    });
    const traffic = [...base.traffic, failed("ModelError", 500), failed("ModelError", 500), failed("TimeoutError")];
    expect(verdictText({ ...base, traffic }).split("\n")[2]).toBe(
      "   duration from UpdateEndpoint: 42.0 s   traffic: 5 sent, 2 ok, 3 errors [ModelError 500 ×2, TimeoutError ×1] (p50 10 ms, p99 30 ms)",
    );
  });

  it("says a promotion in three lines: the head, the configs, the duration and traffic", () => {
    expect(verdictText(base)).toBe(
      [
        "✅ PROMOTED: v2 is serving.",
        "   requested config: v2   attached config: v2   previous: v1",
        "   duration from UpdateEndpoint: 42.0 s   traffic: 2 sent, 2 ok, 0 errors (p50 10 ms, p99 30 ms)",
      ].join("\n"),
    );
  });

  it("adds the FailureReason and the blast radius to a rollback", () => {
    const rolledBack: Verdict = {
      ...base,
      attached: "v1",
      outcome: "rolled back",
      failureReason: "Alarm TestAlarm-5XXErrors-ep in ALARM",
      traffic: [request(100, true), request(200, false), request(300, false)],
      blastRadius: { failedRequests: 2, firstErrorAt: 200, rollbackSeenAt: 3200, secondsFromFirstErrorToRollback: 3 },
    };
    const lines = verdictText(rolledBack).split("\n");
    expect(lines[0]).toBe("↩️ ROLLED BACK: requested v2, but v1 is attached.");
    expect(lines.slice(3)).toEqual([
      "   FailureReason: Alarm TestAlarm-5XXErrors-ep in ALARM",
      "   blast radius: 2 request(s) failed during the deployment, 3 s from first error to rollback",
    ]);
  });

  it("says how long it waited for an alarm to leave ALARM before sending, apart from the deployment's duration", () => {
    const waited: Verdict = {
      ...base,
      alarmWait: { startedAt: -8_400, finishedAt: 0, alarms: ["TestAlarm-5XXErrors-ep"], timeline: [], traffic: [] },
    };
    expect(verdictText(waited).split("\n").slice(2, 4)).toEqual([
      "   before sending: 8.4 s waiting for TestAlarm-5XXErrors-ep to leave ALARM",
      "   duration from UpdateEndpoint: 42.0 s   traffic: 2 sent, 2 ok, 0 errors (p50 10 ms, p99 30 ms)",
    ]);
  });

  it("shows a rollback's LastDeploymentConfig as DescribeEndpoint reports it", () => {
    const rolledBack: Verdict = {
      ...base,
      attached: "v1",
      outcome: "rolled back",
      lastDeploymentConfig: canaryConfig(20, { alarms: ["TestAlarm-5XXErrors-ep"] }),
    };
    expect(verdictText(rolledBack)).toContain(
      "   LastDeploymentConfig (DescribeEndpoint): BlueGreen CANARY 1 instance(s), WaitIntervalInSeconds 20, TerminationWaitInSeconds 10; AutoRollbackConfiguration: TestAlarm-5XXErrors-ep",
    );
  });

  it("names a failed endpoint's attached config, or none", () => {
    expect(verdictText({ ...base, outcome: "failed", attached: undefined }).split("\n")[0]).toBe(
      "❌ FAILED: the endpoint is not InService (attached: none).",
    );
  });

  it("shows the blast radius of a promotion that still lost requests", () => {
    const lossy: Verdict = {
      ...base,
      traffic: [request(100, false)],
      blastRadius: { failedRequests: 1, firstErrorAt: 100 },
    };
    expect(verdictText(lossy).split("\n").at(-1)).toBe("   blast radius: 1 request(s) failed during the deployment");
  });

  describe("when the old fleet already fails requests", () => {
    const pending = (t: number, newFleetShare: number, status = "Updating"): Observation => ({
      ...poll(t, status, "v1", "v2"),
      newFleetShare,
    });

    it("lays the failures sent before any poll saw the new fleet take traffic to the old fleet", () => {
      const stopped: Verdict = {
        ...base,
        attached: "v1",
        outcome: "rolled back",
        timeline: [pending(1000, 0), pending(2000, 0, "RollingBack"), poll(3000, "InService", "v1")],
        traffic: [request(500, false), request(1500, true), request(1900, false)],
        blastRadius: {
          failedRequests: 2,
          firstErrorAt: 500,
          rollbackSeenAt: 2000,
          secondsFromFirstErrorToRollback: 1.5,
        },
      };
      expect(verdictText(stopped).split("\n").at(-1)).toBe(
        "   failed requests: 2, all sent before any poll saw the new fleet take traffic – the old fleet's errors, not the new model's",
      );
    });

    it("counts the failures after the shift apart: either fleet could have answered them", () => {
      const promoted: Verdict = {
        ...base,
        timeline: [pending(1000, 0), pending(2000, 1 / 3), poll(9000, "InService", "v2")],
        // 1500 falls between the last poll at weight 0 and the first with traffic on the new fleet: not certain.
        traffic: [request(500, false), request(1500, false), request(2500, false), request(3000, true)],
        blastRadius: { failedRequests: 3, firstErrorAt: 500 },
      };
      expect(verdictText(promoted).split("\n").at(-1)).toBe(
        "   failed requests: 3 – 1 sent before any poll saw the new fleet take traffic (the old fleet's), 2 after (either fleet could have answered them)",
      );
    });
  });

  it("says an unchanged endpoint in one line", () => {
    expect(verdictText({ ...base, outcome: "unchanged" })).toBe("♻️ UNCHANGED: v2 was already serving.");
  });
});
