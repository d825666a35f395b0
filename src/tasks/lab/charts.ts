/**
 * The lab's two figures from its runs: blast radius against time to promote, and every strategy's
 * traffic shift and capacity since its UpdateEndpoint (the charts themselves: view/charts/strategies).
 */
import type { Figure } from "../../view/charts/figure";
import {
  shiftTimelines as shiftChart,
  tradeOffChart as tradeOffFigure,
  type ShiftRun,
} from "../../view/charts/strategies";
import type { Verdict } from "../../aws/deploy/verdict";
import type { StrategyFigures, StrategyRun } from "./comparison";

/** Blast radius against time to promote, one point per strategy (marker size: peak instances). */
export function tradeOffChart(figures: readonly StrategyFigures[]): Figure {
  return tradeOffFigure(
    figures.map((f) => ({
      strategy: f.strategy,
      secondsToPromote: f.good.deploymentSeconds,
      failedRequests: f.faulty.failed,
      peakInstances: f.good.peakInstances,
    })),
    figures[0]?.clock,
  );
}

/** A run as polled, from its UpdateEndpoint: the share is the fleets' CurrentWeight each poll reported. */
function shiftRun(v: Verdict): ShiftRun {
  return {
    seconds: v.timeline.map((o) => Math.round((o.t - v.startedAt) / 100) / 10),
    newFleetPercent: v.timeline.map((o) =>
      Math.round((o.newFleetShare ?? (o.configName === v.requested ? 1 : 0)) * 100),
    ),
    instances: v.timeline.map((o) => o.instances),
  };
}

/** New fleet's traffic share (good and faulty runs) and instances up (good runs), per strategy, on a shared axis. */
export function shiftTimelines(runs: readonly StrategyRun[]): Figure {
  return shiftChart(
    runs.map((r) => ({ strategy: r.strategy, good: shiftRun(r.good), faulty: shiftRun(r.faulty) })),
    runs[0]?.good.clock,
  );
}
