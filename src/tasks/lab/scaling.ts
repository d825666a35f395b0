/**
 * The formulas (formulas.ts) against the lab's measurements, and the same
 * formulas with another profile's timings: how the table would read on AWS
 * with 60-second alarms and 5-minute bakes.
 */
import { DataFrame } from "danfojs-node";
import type { StrategyFigures } from "./comparison";
import { predict, shapeOf, withBakes, type Timing } from "./formulas";

export interface ScalingOptions {
  /** Instances of each fleet. */
  instances: number;
  lab: Timing;
  /** The other profile's timing, and the bake it gives every WaitInterval and TerminationWait. */
  scaled: Timing & { bakeSeconds: number };
}

const round = (x: number): number => Math.round(x * 10) / 10;

/**
 * The formulas next to the lab's measurements and scaled to another profile's timings: one row per
 * strategy.
 */
export function scalingFrame(figures: readonly StrategyFigures[], o: ScalingOptions): DataFrame {
  return new DataFrame(
    figures.map((f) => {
      const lab = predict(f.deploymentConfig, o.instances, o.lab);
      const scaled = predict(withBakes(f.deploymentConfig, o.scaled.bakeSeconds), o.instances, o.scaled);
      return {
        strategy: f.strategy,
        "failed: measured": f.faulty.failed,
        "failed: formula (lab)": lab.failedRequests,
        "failed: formula (scaled)": scaled.failedRequests,
        "detection (s): measured": f.faulty.secondsFromFirstErrorToRollback ?? "",
        "detection (s): formula (lab)": round(lab.detectionSeconds),
        "detection (s): formula (scaled)": round(scaled.detectionSeconds),
        "promote (s): measured": f.good.deploymentSeconds,
        "promote (s): bakes (lab)": lab.bakeSeconds,
        "promote (s): bakes (scaled)": scaled.bakeSeconds,
        "peak instances": scaled.peakInstances,
        "caught in first bake (scaled)": scaled.caughtInFirstBake ? "yes" : "no",
      };
    }),
  );
}

/** Sum of the bakes every run configured (the faulty runs' too, as if they had gone through): the floor of the lab's run time. */
export function configuredWaitSeconds(figures: readonly StrategyFigures[], instances: number): number {
  const bakes = (f: StrategyFigures): number => shapeOf(f.deploymentConfig, instances).bakes.reduce((a, b) => a + b, 0);
  return figures.reduce((total, f) => total + 2 * bakes(f), 0);
}
