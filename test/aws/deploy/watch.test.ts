import { bakeNote, phaseLabel, settledAfter, statusText, type Observation } from "../../../src/aws/deploy/watch";

const obs = (status: string, configName: string, extra: Partial<Observation> = {}): Observation => ({
  t: 0,
  status,
  configName,
  instances: 0,
  alarms: {},
  ...extra,
});

describe("watching a deployment", () => {
  const until = settledAfter("cfg-new");

  it("keeps watching while the first poll still shows the old config InService", () => {
    expect(until(obs("InService", "cfg-old"), [obs("InService", "cfg-old")])).toBe(false);
  });

  it("stops when the new config serves, or after a transition back to InService (a rollback)", () => {
    expect(until(obs("InService", "cfg-new"), [obs("InService", "cfg-new")])).toBe(true);
    const rolledBack = [obs("Updating", "cfg-old"), obs("RollingBack", "cfg-old"), obs("InService", "cfg-old")];
    expect(until(rolledBack[2] as Observation, rolledBack)).toBe(true);
  });

  it("stops when a deployment began and ended between two polls: LastModifiedTime moved since the request", () => {
    const sentAt = settledAfter("cfg-new", 1_000);
    expect(sentAt(obs("InService", "cfg-old", { lastModified: 1_000 }), [])).toBe(false);
    expect(sentAt(obs("InService", "cfg-old", { lastModified: 4_000 }), [])).toBe(true);
  });

  it("does not stop while a deployment is still pending", () => {
    const o = obs("InService", "cfg-new", { pendingConfigName: "cfg-new" });
    expect(until(o, [obs("Updating", "cfg-old"), o])).toBe(false);
  });

  it("labels phases by status and variant status", () => {
    expect(phaseLabel(obs("Updating", "c", { phase: "AllTraffic: Baking – Baking for 20 seconds" }))).toBe(
      "Updating(Baking)",
    );
    expect(phaseLabel(obs("InService", "c", { phase: "AllTraffic: Baking – x" }))).toBe("InService");
  });

  it("shows status, configs, alarms, phases and the failure reason in the live block", () => {
    const o = obs("InService", "cfg-old", {
      t: 12_500,
      alarms: { A: "ALARM" },
      failureReason: "One or more configured alarm …",
    });
    const text = statusText("ep: cfg-old → cfg-new", 0, o, ["Updating(Creating)", "RollingBack", "InService"]);
    expect(text).toContain("[12.5 s]");
    expect(text).toContain("alarms: A ALARM");
    expect(text).toContain("phases: Updating(Creating) → RollingBack → InService");
    expect(text).toContain("FailureReason: One or more configured alarm");
  });
});

describe("AWS's wording of a bake", () => {
  const baking = (newFleetShare?: number): Observation => ({
    t: 0,
    status: "Updating",
    phase:
      "AllTraffic: Baking – Baking for 20 seconds (TerminationWaitInSeconds) with traffic enabled on canary capacity of 1 instance(s).",
    instances: 6,
    newFleetShare,
    alarms: {},
  });

  it("is explained while part of the traffic is still on the old fleet: a step's bake lasts WaitIntervalInSeconds", () => {
    expect(bakeNote(baking(1 / 3))).toBe(
      "↳ AWS names TerminationWaitInSeconds in every bake message; with 33 % of the traffic on the new fleet this bake is a traffic step's, and lasts WaitIntervalInSeconds.",
    );
  });

  it("needs no note in the final bake, with all the traffic on the new fleet", () => {
    expect(bakeNote(baking(1))).toBeUndefined();
  });
});
