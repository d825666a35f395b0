/**
 * Task 2 after each guarded deployment: its timeline, with the traffic each
 * fleet answered by CloudWatch's count.
 */
import { DataFrame } from "danfojs-node";
import type { Figure } from "../charts/figure";
import { timelineChart } from "../charts/metric-charts";
import type { Verdict } from "../deploy/canary";
import { untilPublished } from "../deploy/published";
import { configsWithTraffic, metricFrame, variantDimensions } from "../metrics";
import type { Session } from "../session";
import { PRODUCTION_VARIANT } from "./resources";

/** Invocations per period answered by each config's fleet during the deployment window. */
export async function trafficByConfig(session: Session, verdict: Verdict): Promise<{ frame: DataFrame; configs: string[] }> {
  const { endpointName, profile } = session.config;
  await untilPublished(session);
  const configs = (await configsWithTraffic(session.clients, endpointName)).filter((c) => c.variant === PRODUCTION_VARIANT).map((c) => c.configName);
  const margin = profile.chartPeriodSeconds * 1000;
  const frame = await metricFrame(
    session.clients,
    configs.map((c) => ({ label: c, namespace: "AWS/SageMaker", metric: "Invocations", stat: "Sum", dimensions: variantDimensions(endpointName, PRODUCTION_VARIANT, c) })),
    { start: new Date(verdict.startedAt - margin), end: new Date(verdict.finishedAt + margin), periodSeconds: profile.chartPeriodSeconds },
  );
  const active = configs.filter((c) => (frame[c].values as number[]).some((v) => v > 0));
  return { frame, configs: active };
}

export async function canaryTimeline(session: Session, verdict: Verdict): Promise<Figure> {
  const { frame, configs } = await trafficByConfig(session, verdict);
  return timelineChart(verdict, frame, configs);
}

/** The requests the requested config's fleet answered, by CloudWatch's count. */
export async function answeredByFleet(session: Session, verdict: Verdict): Promise<number> {
  const { frame } = await trafficByConfig(session, verdict);
  return frame.columns.includes(verdict.requested) ? (frame[verdict.requested].values as number[]).reduce((a, b) => a + b, 0) : 0;
}
