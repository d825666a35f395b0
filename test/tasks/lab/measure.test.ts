import type { Verdict } from "../../../src/aws/deploy/verdict";
import type { Observation } from "../../../src/aws/deploy/watch";
import { measureRun } from "../../../src/tasks/lab/measure";
import type { RequestRecord } from "../../../src/aws/traffic";

const obs = (t: number, status: string, instances: number, newFleetShare?: number): Observation => ({
  t,
  status,
  configName: "v1",
  instances,
  newFleetShare,
  alarms: {},
});
const req = (index: number, sentAt: number, ok: boolean): RequestRecord => ({
  index,
  sentAt,
  latencyMs: 5,
  ok,
  body: ok ? "{}" : "ModelError",
});

/**
 * A faulty canary as the client saw it: 10 requests a second, the third failing from t=2 s (the shift seen then),
 * the rollback seen at t=4 s.
 */
function faultyCanary(): Verdict {
  const traffic = Array.from({ length: 60 }, (_, i) => req(i, i * 100, !(i >= 20 && i < 45 && i % 3 === 0)));
  const timeline = [
    obs(0, "Updating", 3),
    obs(1000, "Updating", 6, 0),
    obs(2000, "Updating", 6, 1 / 3),
    obs(4000, "RollingBack", 6, 1 / 3),
    obs(5000, "RollingBack", 3),
    obs(6000, "InService", 3),
  ];
  const failures = traffic.filter((r) => !r.ok);
  return {
    endpoint: "e",
    requested: "faulty",
    previous: "v1",
    attached: "v1",
    outcome: "rolled back",
    startedAt: -3000,
    finishedAt: 6000,
    timeline,
    traffic,
    blastRadius: {
      failedRequests: failures.length,
      firstErrorAt: 2100,
      rollbackSeenAt: 4000,
      secondsFromFirstErrorToRollback: 1.9,
    },
    alarms: ["TestAlarm-5XXErrors-e"],
  };
}

describe("measureRun", () => {
  it("measures a rolled-back run from the client's record and the timeline", () => {
    const m = measureRun(faultyCanary());
    expect(m).toEqual({
      outcome: "rolled back",
      sent: 60,
      failed: 8,
      // Requests 20–39 were sent from the shift to the rollback; 7 of them (21, 24, …, 39) failed.
      newFleetShareBeforeRollback: 7 / 20,
      secondsFromFirstErrorToRollback: 1.9,
      secondsFromFirstErrorToRecovery: 3.9,
      deploymentSeconds: 6,
      peakInstances: 6,
    });
  });

  it("gives a promoted run its time to promote and no rollback figures", () => {
    const v = {
      ...faultyCanary(),
      outcome: "promoted" as const,
      traffic: [req(0, 0, true)],
      blastRadius: { failedRequests: 0 },
    };
    expect(measureRun(v)).toMatchObject({
      failed: 0,
      newFleetShareBeforeRollback: undefined,
      secondsFromFirstErrorToRecovery: undefined,
      deploymentSeconds: 6,
    });
  });
});
