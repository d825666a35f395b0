/**
 * CloudWatch's counts of a period are final only once SageMaker has published
 * it: at the end of the publish interval (the endpoint config's MetricsConfig,
 * else a minute) that holds the last request, plus the publication delay. Charts and
 * blast-radius counts read right after the traffic would miss the last
 * interval, so they wait that long first, saying so.
 */
import { liveLine } from "../view/live/log";
import type { Session } from "./session";

export async function untilPublished(session: Session): Promise<void> {
  if (session.lastTrafficAt === undefined) return;
  const { intervalSeconds, delaySeconds } = session.config.profile.metricsPublication;
  const interval = intervalSeconds * 1000;
  const readyAt = Math.ceil(session.lastTrafficAt / interval) * interval + delaySeconds * 1000;
  const waitMs = readyAt - session.clients.clock.now();
  if (waitMs <= 0) return;
  const line = liveLine();
  const clock = session.clients.clock.label ? `, ${session.clients.clock.label}` : "";
  line.update(`waiting ${Math.ceil(waitMs / 1000)} s${clock} for CloudWatch to publish the last interval …`);
  await session.clients.clock.sleep(waitMs);
  line.done(`CloudWatch has published the last interval (${(waitMs / 1000).toFixed(1)} s wait${clock}).`);
}
