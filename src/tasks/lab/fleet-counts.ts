/**
 * CloudWatch's side of a run: what the fleet of the deployed config answered,
 * by its EndpointConfigName dimension. Every lab config is deployed once, so
 * its series holds exactly that run's requests.
 */
import type { Verdict } from "../../aws/deploy/verdict";
import { untilPublished } from "../../aws/published";
import { metricSeries, variantDimensions } from "../../aws/metrics";
import type { Session } from "../../aws/session";
import { PRODUCTION_VARIANT } from "../variants";

export interface FleetCounts {
  invocations: number;
  errors5xx: number;
}

/**
 * Invocations and Invocation5XXErrors of the requested config's fleet during
 * the run, once CloudWatch has published the run's last interval.
 */
export async function fleetCounts(session: Session, verdict: Verdict): Promise<FleetCounts> {
  await untilPublished(session);
  const periodSeconds = session.config.profile.chartPeriodSeconds;
  const period = periodSeconds * 1000;
  const lastSent = Math.max(verdict.finishedAt, ...verdict.traffic.map((r) => r.sentAt));
  const dimensions = variantDimensions(verdict.endpoint, PRODUCTION_VARIANT, verdict.requested);
  const series = await metricSeries(
    session.clients,
    [
      { label: "invocations", namespace: "AWS/SageMaker", metric: "Invocations", stat: "Sum", dimensions },
      { label: "errors5xx", namespace: "AWS/SageMaker", metric: "Invocation5XXErrors", stat: "Sum", dimensions },
    ],
    { start: new Date(verdict.startedAt - period), end: new Date(lastSent + period), periodSeconds },
  );
  const sum = (label: string): number =>
    (series.find((s) => s.label === label)?.values ?? []).reduce<number>((a, v) => a + (v ?? 0), 0);
  return { invocations: sum("invocations"), errors5xx: sum("errors5xx") };
}
