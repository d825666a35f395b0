/**
 * CloudWatch's side of a run: what the fleet of the deployed config answered,
 * by its EndpointConfigName dimension. Every lab config is deployed once, so
 * its series holds exactly that run's requests.
 */
import type { Verdict } from "../deploy/canary";
import { columnSum, metricFrame, variantDimensions } from "../metrics";
import type { Session } from "../session";
import { PRODUCTION_VARIANT } from "../tasks/resources";

export interface FleetCounts {
  invocations: number;
  errors5xx: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * Invocations and Invocation5XXErrors of the requested config's fleet during
 * the run. Datapoints arrive once their period has ended (plus a delay), so it
 * first waits a period and a half (the period, then its publication delay) since the run's last request.
 */
export async function fleetCounts(session: Session, verdict: Verdict): Promise<FleetCounts> {
  const periodSeconds = session.config.profile.chartPeriodSeconds;
  const period = periodSeconds * 1000;
  const lastSent = Math.max(verdict.finishedAt, ...verdict.traffic.map((r) => r.sentAt));
  await sleep(lastSent + 1.5 * period - Date.now());
  const dimensions = variantDimensions(verdict.endpoint, PRODUCTION_VARIANT, verdict.requested);
  const frame = await metricFrame(
    session.clients,
    [
      { label: "invocations", namespace: "AWS/SageMaker", metric: "Invocations", stat: "Sum", dimensions },
      { label: "errors5xx", namespace: "AWS/SageMaker", metric: "Invocation5XXErrors", stat: "Sum", dimensions },
    ],
    { start: new Date(verdict.startedAt - period), end: new Date(lastSent + period), periodSeconds },
  );
  return { invocations: columnSum(frame, "invocations"), errors5xx: columnSum(frame, "errors5xx") };
}
