import type { DeploymentConfig } from "@aws-sdk/client-sagemaker";
import { comparisonFrame, findingsText, type StrategyFigures } from "../../../src/tasks/lab/comparison";

const blueGreen = (type: "ALL_AT_ONCE" | "CANARY"): DeploymentConfig => ({
  BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: type, WaitIntervalInSeconds: 17 } },
});

/** One strategy's figures: the faulty run rolled back after `failed` requests, the good one promoted in `promote` s. */
function figures(strategy: string, failed: number, promote: number, peak: number): StrategyFigures {
  return {
    strategy,
    deploymentConfig: blueGreen(strategy === "all at once" ? "ALL_AT_ONCE" : "CANARY"),
    faulty: {
      outcome: "rolled back",
      sent: 200,
      failed,
      newFleetShareBeforeRollback: failed / 200,
      secondsFromFirstErrorToRollback: 4.2,
      secondsFromFirstErrorToRecovery: 5.8,
      deploymentSeconds: 12,
      peakInstances: peak,
      cloudWatch: { invocations: failed, errors5xx: failed },
    },
    good: { outcome: "promoted", sent: 400, failed: 0, deploymentSeconds: promote, peakInstances: peak },
  };
}

const lab = [
  figures("all at once", 89, 20.4, 6),
  figures("canary: 1 instance", 36, 38.5, 6),
  figures("rolling: batch of 1", 69, 60.5, 4),
];

describe("the strategies side by side", () => {
  it("puts one row per strategy and one column per measure: the faulty model's cost (CloudWatch as a check), the good model's time to promote, peak capacity once", () => {
    const frame = comparisonFrame(lab);
    expect(frame.columns).toEqual([
      "strategy",
      "outcomes (faulty / good)",
      "failed requests",
      "CloudWatch (new fleet)",
      "new fleet's share from shift to rollback (%)",
      "first error → rollback (s)",
      "first error → recovered (s)",
      "good: time to promote (s)",
      "good: errors",
      "peak instances",
    ]);
    expect(frame.values[1]).toEqual([
      "canary: 1 instance",
      "rolled back / promoted",
      36,
      "agrees (5XX = invocations)",
      18,
      4.2,
      5.8,
      38.5,
      0,
      6,
    ]);
  });

  it("names CloudWatch's counts where they disagree with the client's", () => {
    const off = figures("all at once", 89, 20.4, 6);
    off.faulty.cloudWatch = { invocations: 91, errors5xx: 90 };
    expect(comparisonFrame([off]).values[0]).toContain("5XX 90, invocations 91");
  });

  it("leaves a figure blank where a run has none (a faulty model that was not rolled back)", () => {
    const promotedFaulty = figures("all at once", 0, 20, 6);
    const {
      newFleetShareBeforeRollback: _share,
      secondsFromFirstErrorToRollback: _rollback,
      secondsFromFirstErrorToRecovery: _recovery,
      ...rest
    } = promotedFaulty.faulty;
    const row = comparisonFrame([{ ...promotedFaulty, faulty: { ...rest, outcome: "promoted" } }])
      .values[0] as unknown[];
    expect(row.slice(4, 7)).toEqual(["", "", ""]);
  });

  it("says the lessons: fewest and most failed requests, fastest and slowest to promote, least extra capacity", () => {
    expect(findingsText(lab)).toBe(
      [
        "Fewest failed requests with the faulty model: canary: 1 instance (36); most: all at once (89).",
        "Fastest to promote the good model: all at once (20.4 s); slowest: rolling: batch of 1 (60.5 s).",
        "Least extra capacity: rolling: batch of 1 (peak 4 instances); blue/green peaks at 6.",
      ].join("\n"),
    );
  });

  it("says which clock the seconds are on when it is not real time", () => {
    const onFasterClock = lab.map((f) => ({ ...f, clock: "emulator clock ×30" }));
    expect(findingsText(onFasterClock).split("\n")[0]).toBe(
      "Seconds are the emulator clock ×30's (the runs' own time, not real time).",
    );
    expect(findingsText(lab)).not.toContain("clock");
  });

  it("says so when no strategy has run yet", () => {
    expect(findingsText([])).toBe("No strategy has run yet.");
  });
});
