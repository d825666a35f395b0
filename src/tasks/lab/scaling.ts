/**
 * The formulas (formulas.ts) against the lab's measurements, and the same
 * formulas with another profile's timings: how the table would read on AWS
 * with 60-second alarms. Run on the `aws` profile (on AWS, or on the local
 * emulator on a faster clock), the lab measures that table itself, and the
 * differences are the formulas' error at AWS's timings.
 */
import { DataFrame } from "danfojs-node";
import type { ProfileName } from "../../aws/settings";
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
 * The formulas next to the lab's measurements, with the difference (measured − formula), and
 * scaled to another profile's timings: one row per strategy.
 */
export function scalingFrame(figures: readonly StrategyFigures[], o: ScalingOptions): DataFrame {
  return new DataFrame(
    figures.map((f) => {
      const lab = predict(f.deploymentConfig, o.instances, o.lab);
      const scaled = predict(withBakes(f.deploymentConfig, o.scaled.bakeSeconds), o.instances, o.scaled);
      const detection = f.faulty.secondsFromFirstErrorToRollback;
      return {
        strategy: f.strategy,
        "failed: measured": f.faulty.failed,
        "failed: formula (lab)": lab.failedRequests,
        "failed: difference": f.faulty.failed - lab.failedRequests,
        "failed: formula (scaled)": scaled.failedRequests,
        "detection (s): measured": detection ?? "",
        "detection (s): formula (lab)": round(lab.detectionSeconds),
        "detection (s): difference": detection === undefined ? "" : round(detection - lab.detectionSeconds),
        "detection (s): formula (scaled)": round(scaled.detectionSeconds),
        "promote (s): measured": f.good.deploymentSeconds,
        "promote (s): bakes (lab)": lab.bakeSeconds,
        "promote (s): difference": round(f.good.deploymentSeconds - lab.bakeSeconds),
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

export interface ScalingRun {
  /** The profile the lab ran on. */
  profileName: ProfileName;
  /** Its alarm period and bake. */
  alarmPeriodSeconds: number;
  bakeSeconds: number;
  /** The clock the measurements are on where it is not real time, e.g. "emulator clock ×30". */
  clock?: string;
}

/**
 * What the scaling table's measured columns are: on the `aws` profile, AWS's timings measured (on
 * AWS, or on the emulator's faster clock); on another profile, its own timings, the scaled columns
 * then a prediction, with how to measure them.
 */
export function scalingNote(run: ScalingRun): string {
  const timings = `${run.alarmPeriodSeconds}-second alarms, ${run.bakeSeconds} s bakes`;
  if (run.profileName === "aws")
    return (
      `Measured at AWS timings (${timings}, the aws profile) ${run.clock ? `on the ${run.clock}` : "on AWS"}: ` +
      `the differences are the formulas' error at AWS timings, and the scaled columns predict the same timings.`
    );
  return (
    `Measured at the ${run.profileName} profile's timings (${timings}${run.clock ? `, ${run.clock}` : ""}); ` +
    `the scaled columns are predicted. To measure them, run the lab with GUARDRAILS_PROFILE=aws on the local ` +
    `emulator's faster clock (GUARDRAILS_TIME_SCALE=30).`
  );
}

/**
 * The lab's run time: real seconds, and on a faster clock the emulator's seconds they stand for,
 * against the bakes the runs configured (in the emulator's seconds: the ratio is the lab's overhead).
 */
export function runTimeText(
  realSeconds: number,
  waitSeconds: number,
  clock?: { scale: number; label?: string },
): string {
  const scale = clock?.label ? clock.scale : 1;
  const on = clock?.label ? ` (${(realSeconds * scale).toFixed(0)} s on the ${clock.label})` : "";
  return (
    `Lab run time ${realSeconds.toFixed(0)} s of real time${on} for ${waitSeconds} s of configured waits ` +
    `(the bakes of every deployment): ${((realSeconds * scale) / waitSeconds).toFixed(2)} ×.`
  );
}
