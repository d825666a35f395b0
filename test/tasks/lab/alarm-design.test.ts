import type { RunMeasures } from "../../../src/tasks/lab/measure";
import { alarmDesignFindings, alarmDesignFrame, type AlarmDesignFigures } from "../../../src/tasks/lab/alarm-design";

const run = (outcome: RunMeasures["outcome"], failed: number): RunMeasures => ({
  outcome,
  sent: 400,
  failed,
  deploymentSeconds: 30,
  peakInstances: 6,
  secondsFromFirstErrorToRollback: outcome === "rolled back" && failed > 0 ? 8.4 : undefined,
});

/** A design's figures, CloudWatch agreeing with the client unless told otherwise. */
function design(
  name: string,
  outcomes: { flaky: number | "missed"; slow: boolean; good: boolean },
  cloudWatch: Partial<{ flaky5xx: number; oldFleet5xx: number }> = {},
): AlarmDesignFigures {
  const flakyFailed = outcomes.flaky === "missed" ? 20 : outcomes.flaky;
  return {
    design: name,
    flaky: {
      ...run(outcomes.flaky === "missed" ? "promoted" : "rolled back", flakyFailed),
      newFleet: { invocations: 200, errors5xx: cloudWatch.flaky5xx ?? flakyFailed, modelLatencyMs: 1.2 },
    },
    slow: {
      ...run(outcomes.slow ? "rolled back" : "promoted", 0),
      newFleet: { invocations: 60, errors5xx: 0, modelLatencyMs: 201.5 },
      slowAtClient: 60,
      secondsFromShiftToRollback: outcomes.slow ? 12.1 : undefined,
    },
    goodOverNoisy: {
      ...run(outcomes.good ? "promoted" : "rolled back", 9),
      newFleet: { invocations: 150, errors5xx: 0, modelLatencyMs: 1.1 },
      oldFleet: { invocations: 300, errors5xx: cloudWatch.oldFleet5xx ?? 15, modelLatencyMs: 1.0 },
      failedWithWait: 15,
    },
  };
}

const lab = [
  design("Sum ≥ 1, both fleets", { flaky: 3, slow: false, good: false }),
  design("rate ≥ 3 %, new fleet", { flaky: 7, slow: false, good: true }),
  design("rate ≥ 3 % or latency ≥ 100 ms, new fleet", { flaky: 6, slow: true, good: true }),
];
const options = { addedLatencyMs: 200 };

describe("the alarm-design table", () => {
  it("has one row per design: each deployment's outcome, its cost and CloudWatch's check", () => {
    const frame = alarmDesignFrame(lab, options);
    const rows = frame.values as unknown[][];
    expect(frame.columns).toEqual([
      "alarm design",
      "flaky: outcome",
      "flaky: failed requests",
      "flaky: first error → rollback (s)",
      "flaky: CloudWatch (new fleet 5XX)",
      "slow: outcome",
      "slow: shift → rollback (s)",
      "slow: CloudWatch (new fleet)",
      "good over noisy: outcome",
      "good over noisy: failed requests",
      "good over noisy: CloudWatch",
    ]);
    expect(rows[0]).toEqual([
      "Sum ≥ 1, both fleets",
      "rolled back",
      3,
      8.4,
      "agrees (3 of 200)",
      "promoted (missed)",
      "",
      "agrees (60 answered, ModelLatency 201.5 ms)",
      "rolled back (wrongly)",
      15,
      "agrees (old fleet 15 of 300)",
    ]);
    expect(rows[2]?.[5]).toBe("rolled back");
    expect(rows[2]?.[8]).toBe("promoted");
  });

  it("shows both counts where CloudWatch and the client disagree", () => {
    const [row] = alarmDesignFrame(
      [design("x", { flaky: 4, slow: true, good: true }, { flaky5xx: 5, oldFleet5xx: 14 })],
      options,
    ).values as unknown[][];
    expect(row?.[4]).toBe("5XX 5, client 4");
    expect(row?.[10]).toBe("old fleet 5XX 14, new fleet 5XX 0, client 15");
  });

  it("does not call a slow fleet checked when CloudWatch's ModelLatency is below the added latency", () => {
    const slow = design("x", { flaky: 4, slow: true, good: true });
    slow.slow.newFleet.modelLatencyMs = 12;
    expect((alarmDesignFrame([slow], options).values as unknown[][])[0]?.[7]).toBe(
      "invocations 60, slow at client 60, 5XX 0, ModelLatency 12 ms",
    );
  });
});

describe("the alarm-design findings", () => {
  it("say what each design caught or missed, and recommend the one that made all three calls right", () => {
    expect(alarmDesignFindings(lab).split("\n")).toEqual([
      "- Sum ≥ 1, both fleets: caught the flaky model after 3 failed requests; let the slow model through; rolled the good model back because the old fleet errs.",
      "- rate ≥ 3 %, new fleet: caught the flaky model after 7 failed requests; let the slow model through; promoted the good model over the noisy old fleet.",
      "- rate ≥ 3 % or latency ≥ 100 ms, new fleet: caught the flaky model after 6 failed requests; caught the slow model; promoted the good model over the noisy old fleet.",
      "Recommended: rate ≥ 3 % or latency ≥ 100 ms, new fleet – it rolled back both faulty models and promoted the good one (1 of 3 designs did all three), losing 6 requests to the flaky model.",
    ]);
  });

  it("among designs equally right, recommend the one that lost the fewest requests", () => {
    const two = [
      design("a", { flaky: 9, slow: true, good: true }),
      design("b", { flaky: 4, slow: true, good: true }),
      design("c", { flaky: "missed", slow: true, good: true }),
    ];
    expect(alarmDesignFindings(two).split("\n").at(-1)).toBe(
      "Recommended: b – it rolled back both faulty models and promoted the good one (2 of 3 designs did all three), losing 4 requests to the flaky model, the fewest of them.",
    );
    expect(alarmDesignFindings([two[2]!]).split("\n").at(-1)).toBe(
      "Recommended, with reservations: c – 2 of 3 calls right, 20 requests lost to the flaky model.",
    );
  });
});
