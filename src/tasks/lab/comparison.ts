/**
 * The strategies side by side: one row per strategy with the faulty model's
 * cost (client record next to CloudWatch's count of the new fleet), the good
 * model's time to promote, and each run's peak capacity.
 */
import type { DeploymentConfig } from "@aws-sdk/client-sagemaker";
import { DataFrame } from "danfojs-node";
import type { Verdict } from "../../aws/deploy/verdict";
import type { Session } from "../../aws/session";
import { fleetCounts, type FleetCounts } from "./fleet-counts";
import { measureRun, type RunMeasures } from "./measure";

/** One strategy's two deployments, as a strategy cell records them. */
export interface StrategyRun {
  strategy: string;
  deploymentConfig: DeploymentConfig;
  faulty: Verdict;
  good: Verdict;
}

/**
 * One strategy's figures: the faulty run's measures with CloudWatch's count of its fleet, and the good
 * run's measures.
 */
export interface StrategyFigures {
  strategy: string;
  deploymentConfig: DeploymentConfig;
  faulty: RunMeasures & { cloudWatch: FleetCounts };
  good: RunMeasures;
  /** The clock the runs' seconds are on where it is not real time, e.g. "emulator clock ×30". */
  clock?: string;
}

/**
 * Measures every run and reads CloudWatch's count of each faulty fleet (the good runs' error count is the
 * client's: waiting for the last run's datapoints would only add a period to the lab).
 */
export async function strategyFigures(session: Session, runs: readonly StrategyRun[]): Promise<StrategyFigures[]> {
  const figures: StrategyFigures[] = [];
  for (const run of runs) {
    figures.push({
      strategy: run.strategy,
      deploymentConfig: run.deploymentConfig,
      faulty: { ...measureRun(run.faulty), cloudWatch: await fleetCounts(session, run.faulty) },
      good: measureRun(run.good),
      clock: run.good.clock,
    });
  }
  return figures;
}

const pct = (x: number | undefined): number | string => (x === undefined ? "" : Math.round(x * 1000) / 10);
const orBlank = (x: number | undefined): number | string => x ?? "";

/** Whether CloudWatch's 5XX and invocations of the faulty fleet agree with the client's failures, in a few words. */
function cloudWatchCheck(failed: number, cw: FleetCounts): string {
  return cw.errors5xx === failed && cw.invocations === failed
    ? "agrees (5XX = invocations)"
    : `5XX ${cw.errors5xx}, invocations ${cw.invocations}`;
}

/**
 * The strategies side by side: one row per strategy with the faulty model's cost (client and
 * CloudWatch), the good model's time to promote and each run's peak instances.
 */
export function comparisonFrame(figures: readonly StrategyFigures[]): DataFrame {
  return new DataFrame(
    figures.map(({ strategy, faulty, good }) => ({
      strategy,
      "outcomes (faulty / good)": `${faulty.outcome} / ${good.outcome}`,
      "failed requests": faulty.failed,
      "CloudWatch (new fleet)": cloudWatchCheck(faulty.failed, faulty.cloudWatch),
      "new fleet's share from shift to rollback (%)": pct(faulty.newFleetShareBeforeRollback),
      "first error → rollback (s)": orBlank(faulty.secondsFromFirstErrorToRollback),
      "first error → recovered (s)": orBlank(faulty.secondsFromFirstErrorToRecovery),
      "good: time to promote (s)": good.deploymentSeconds,
      "good: errors": good.failed,
      "peak instances": Math.max(good.peakInstances, faulty.peakInstances),
    })),
  );
}

/** The table's lessons in sentences, for the design review. */
export function findingsText(figures: readonly StrategyFigures[]): string {
  if (figures.length === 0) return "No strategy has run yet.";
  const by = (pick: (f: StrategyFigures) => number, better: (a: number, b: number) => boolean): StrategyFigures =>
    figures.reduce((best, f) => (better(pick(f), pick(best)) ? f : best));
  const safest = by(
    (f) => f.faulty.failed,
    (a, b) => a < b,
  );
  const riskiest = by(
    (f) => f.faulty.failed,
    (a, b) => a > b,
  );
  const fastest = by(
    (f) => f.good.deploymentSeconds,
    (a, b) => a < b,
  );
  const slowest = by(
    (f) => f.good.deploymentSeconds,
    (a, b) => a > b,
  );
  const leanest = by(
    (f) => f.good.peakInstances,
    (a, b) => a < b,
  );
  return [
    ...(figures[0]?.clock ? [`Seconds are the ${figures[0].clock}'s (the runs' own time, not real time).`] : []),
    `Fewest failed requests with the faulty model: ${safest.strategy} (${safest.faulty.failed}); most: ${riskiest.strategy} (${riskiest.faulty.failed}).`,
    `Fastest to promote the good model: ${fastest.strategy} (${fastest.good.deploymentSeconds} s); slowest: ${slowest.strategy} (${slowest.good.deploymentSeconds} s).`,
    `Least extra capacity: ${leanest.strategy} (peak ${leanest.good.peakInstances} instances); blue/green peaks at ${
      by(
        (f) => f.good.peakInstances,
        (a, b) => a > b,
      ).good.peakInstances
    }.`,
  ].join("\n");
}
