/**
 * Whether the traffic generator kept its rate. The rate is in the service's seconds, so on an
 * emulator clock ×N the client sends N times as many requests per real second; past what one
 * process can send, the offered load falls short and the run must say so rather than pass a
 * lighter load off as the profile's.
 */
import type { ServiceClock } from "./service-clock";

/** Below this share of the requested rate the run reports a shortfall. */
const KEPT_SHARE = 0.9;

/** The line that says the rate was not kept, and at which scale; undefined when it was. */
export function paceShortfall(
  records: ReadonlyArray<{ sentAt: number }>,
  requestsPerSecond: number,
  clock: Pick<ServiceClock, "scale" | "label">,
): string | undefined {
  if (records.length < 10) return undefined;
  const sent = records.map((r) => r.sentAt);
  const spanSeconds = (Math.max(...sent) - Math.min(...sent)) / 1000;
  const rate = (records.length - 1) / spanSeconds;
  if (!(spanSeconds > 0) || rate >= KEPT_SHARE * requestsPerSecond) return undefined;
  const where = clock.label ? ` on the ${clock.label} (${Math.round(rate * clock.scale)} real requests/s)` : "";
  return (
    `⚠️ The traffic fell short: ${rate.toFixed(1)} of the ${requestsPerSecond} requests/s asked${where}; ` +
    `this client cannot keep up${clock.label ? `: run at a lower GUARDRAILS_TIME_SCALE than ${clock.scale}` : ""}.`
  );
}
