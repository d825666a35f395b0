/**
 * Alarm designs side by side: for each set of rollback alarms, one deployment strategy and three
 * deployments – a model that fails a share of requests and a slow one (both should roll back), and
 * the good model over an old fleet that already fails some requests (it should be promoted). Every
 * figure comes from the client's record and is checked against CloudWatch's series of each fleet.
 */
import { DataFrame } from "danfojs-node";
import type { Verdict } from "../../aws/deploy/verdict";
import { metricSeries, variantDimensions } from "../../aws/metrics";
import { untilPublished } from "../../aws/published";
import type { Session } from "../../aws/session";
import type { RequestRecord } from "../../aws/traffic";
import { PRODUCTION_VARIANT } from "../variants";
import { measureRun, type RunMeasures } from "./measure";

/** One alarm design's three deployments, as the alarm-design cell records them. */
export interface AlarmDesignRun {
  design: string;
  /** A model failing a share of its requests, deployed over a healthy fleet: should roll back. */
  flaky: Verdict;
  /** A model answering slowly, deployed over a healthy fleet: should roll back. */
  slow: Verdict;
  /** The good model, deployed over an old fleet that fails some requests: should be promoted. */
  goodOverNoisy: Verdict;
}

/** What CloudWatch counted for one fleet (its EndpointConfigName series) over a run. */
export interface FleetRecord {
  invocations: number;
  errors5xx: number;
  /** Mean ModelLatency in ms over every request the fleet answered; undefined when it answered none. */
  modelLatencyMs?: number;
}

export interface AlarmDesignFigures {
  design: string;
  flaky: RunMeasures & { newFleet: FleetRecord };
  slow: RunMeasures & {
    newFleet: FleetRecord;
    /** Requests the client waited at least the added latency for. */
    slowAtClient: number;
    secondsFromShiftToRollback?: number;
  };
  goodOverNoisy: RunMeasures & {
    newFleet: FleetRecord;
    oldFleet: FleetRecord;
    /** Requests that failed from the wait for the alarms to clear (when there was one) to the end. */
    failedWithWait: number;
  };
}

/** Every request of a run, those sent while waiting for its alarms included. */
const allTraffic = (v: Verdict): RequestRecord[] => [...(v.alarmWait?.traffic ?? []), ...v.traffic];

/**
 * CloudWatch's record of one config's fleet from `from` to the run's end. Each config of the
 * rehearsal serves one run, so its series holds that run's requests and no other.
 */
async function fleetRecord(session: Session, v: Verdict, config: string, from: number): Promise<FleetRecord> {
  const periodSeconds = session.config.profile.chartPeriodSeconds;
  const period = periodSeconds * 1000;
  const lastSent = Math.max(v.finishedAt, ...allTraffic(v).map((r) => r.sentAt));
  const dimensions = variantDimensions(v.endpoint, PRODUCTION_VARIANT, config);
  const query = (label: string, metric: string, stat: string) => ({
    label,
    namespace: "AWS/SageMaker",
    metric,
    stat,
    dimensions,
  });
  const series = await metricSeries(
    session.clients,
    [
      query("invocations", "Invocations", "Sum"),
      query("errors5xx", "Invocation5XXErrors", "Sum"),
      query("latencySum", "ModelLatency", "Sum"),
      query("latencyCount", "ModelLatency", "SampleCount"),
    ],
    { start: new Date(from - period), end: new Date(lastSent + period), periodSeconds },
  );
  const sum = (label: string): number =>
    (series.find((s) => s.label === label)?.values ?? []).reduce<number>((a, x) => a + (x ?? 0), 0);
  const count = sum("latencyCount");
  return {
    invocations: sum("invocations"),
    errors5xx: sum("errors5xx"),
    // ModelLatency is published in microseconds.
    modelLatencyMs: count > 0 ? Math.round(sum("latencySum") / count / 100) / 10 : undefined,
  };
}

/** Seconds from the first poll that saw the new fleet take traffic to the first that saw the rollback. */
function shiftToRollback(v: Verdict): number | undefined {
  const shiftAt = v.timeline.find((o) => (o.newFleetShare ?? 0) > 0)?.t;
  const { rollbackSeenAt } = v.blastRadius;
  return shiftAt === undefined || rollbackSeenAt === undefined
    ? undefined
    : Math.round((rollbackSeenAt - shiftAt) / 100) / 10;
}

/** Measures every run and reads CloudWatch's record of the fleets involved, once the last interval is published. */
export async function alarmDesignFigures(
  session: Session,
  runs: readonly AlarmDesignRun[],
  options: { addedLatencyMs: number },
): Promise<AlarmDesignFigures[]> {
  await untilPublished(session);
  const figures: AlarmDesignFigures[] = [];
  for (const { design, flaky, slow, goodOverNoisy: good } of runs) {
    const from = (v: Verdict): number => v.alarmWait?.startedAt ?? v.startedAt;
    figures.push({
      design,
      flaky: { ...measureRun(flaky), newFleet: await fleetRecord(session, flaky, flaky.requested, from(flaky)) },
      slow: {
        ...measureRun(slow),
        newFleet: await fleetRecord(session, slow, slow.requested, from(slow)),
        slowAtClient: slow.traffic.filter((r) => r.latencyMs >= options.addedLatencyMs).length,
        secondsFromShiftToRollback: shiftToRollback(slow),
      },
      goodOverNoisy: {
        ...measureRun(good),
        newFleet: await fleetRecord(session, good, good.requested, from(good)),
        oldFleet: await fleetRecord(session, good, good.previous ?? "", from(good)),
        failedWithWait: allTraffic(good).filter((r) => !r.ok).length,
      },
    });
  }
  return figures;
}

const orBlank = (x: number | undefined): number | string => x ?? "";

/** The flaky model's failures are all its fleet's: CloudWatch's 5XX of the new fleet must equal the client's count. */
function flakyCheck(f: AlarmDesignFigures["flaky"]): string {
  return f.newFleet.errors5xx === f.failed
    ? `agrees (${f.failed} of ${f.newFleet.invocations})`
    : `5XX ${f.newFleet.errors5xx}, client ${f.failed}`;
}

/**
 * Every request the slow fleet answered took at least the added latency, and none failed: CloudWatch's
 * invocations of the new fleet are at most the client's slow requests, its mean ModelLatency at least the
 * added latency.
 */
function slowCheck(f: AlarmDesignFigures["slow"], addedLatencyMs: number): string {
  const { invocations, errors5xx, modelLatencyMs } = f.newFleet;
  const agrees =
    invocations <= f.slowAtClient && errors5xx === 0 && f.failed === 0 && (modelLatencyMs ?? 0) >= addedLatencyMs;
  return agrees
    ? `agrees (${invocations} answered, ModelLatency ${modelLatencyMs ?? "-"} ms)`
    : `invocations ${invocations}, slow at client ${f.slowAtClient}, 5XX ${errors5xx}, ModelLatency ${modelLatencyMs ?? "-"} ms`;
}

/** The good fleet fails nothing: every failure the client saw is the old fleet's, as CloudWatch counted it. */
function noisyCheck(f: AlarmDesignFigures["goodOverNoisy"]): string {
  return f.newFleet.errors5xx === 0 && f.oldFleet.errors5xx === f.failedWithWait
    ? `agrees (old fleet ${f.oldFleet.errors5xx} of ${f.oldFleet.invocations})`
    : `old fleet 5XX ${f.oldFleet.errors5xx}, new fleet 5XX ${f.newFleet.errors5xx}, client ${f.failedWithWait}`;
}

const verdictWord = (outcome: string, wanted: string): string =>
  outcome === wanted ? outcome : `${outcome} (${wanted === "promoted" ? "wrongly" : "missed"})`;

/** One row per alarm design: what each deployment cost and how it ended, each figure next to CloudWatch's. */
export function alarmDesignFrame(
  figures: readonly AlarmDesignFigures[],
  options: { addedLatencyMs: number },
): DataFrame {
  return new DataFrame(
    figures.map(({ design, flaky, slow, goodOverNoisy: good }) => ({
      "alarm design": design,
      "flaky: outcome": verdictWord(flaky.outcome, "rolled back"),
      "flaky: failed requests": flaky.failed,
      "flaky: first error → rollback (s)": orBlank(flaky.secondsFromFirstErrorToRollback),
      "flaky: CloudWatch (new fleet 5XX)": flakyCheck(flaky),
      "slow: outcome": verdictWord(slow.outcome, "rolled back"),
      "slow: shift → rollback (s)": orBlank(slow.secondsFromShiftToRollback),
      "slow: CloudWatch (new fleet)": slowCheck(slow, options.addedLatencyMs),
      "good over noisy: outcome": verdictWord(good.outcome, "promoted"),
      "good over noisy: failed requests": good.failedWithWait,
      "good over noisy: CloudWatch": noisyCheck(good),
    })),
  );
}

/** How many of the three deployments ended as they should. */
const rightCalls = (f: AlarmDesignFigures): number =>
  Number(f.flaky.outcome === "rolled back") +
  Number(f.slow.outcome === "rolled back") +
  Number(f.goodOverNoisy.outcome === "promoted");

/** The table's lessons in sentences, and the alarm design it recommends. */
export function alarmDesignFindings(figures: readonly AlarmDesignFigures[]): string {
  if (figures.length === 0) return "No alarm design has been rehearsed yet.";
  const lines = figures.map((f) => {
    const calls = [
      f.flaky.outcome === "rolled back"
        ? `caught the flaky model after ${f.flaky.failed} failed requests`
        : "let the flaky model through",
      f.slow.outcome === "rolled back" ? "caught the slow model" : "let the slow model through",
      f.goodOverNoisy.outcome === "promoted"
        ? "promoted the good model over the noisy old fleet"
        : "rolled the good model back because the old fleet errs",
    ];
    return `- ${f.design}: ${calls.join("; ")}.`;
  });
  const best = figures.reduce((a, b) =>
    rightCalls(b) > rightCalls(a) || (rightCalls(b) === rightCalls(a) && b.flaky.failed < a.flaky.failed) ? b : a,
  );
  const allRight = figures.filter((f) => rightCalls(f) === 3).length;
  const verdict =
    allRight > 0
      ? `Recommended: ${best.design} – it rolled back both faulty models and promoted the good one (${allRight} of ${figures.length} designs did all three), losing ${best.flaky.failed} requests to the flaky model${allRight > 1 ? ", the fewest of them" : ""}.`
      : `Recommended, with reservations: ${best.design} – ${rightCalls(best)} of 3 calls right, ${best.flaky.failed} requests lost to the flaky model.`;
  return [...lines, verdict].join("\n");
}
