import type { Slot } from "../../src/aws/config";
import type { ShadowRun } from "../../src/tasks/shadow-test";

interface Answered {
  predictions: number;
  accuracy: number;
}

/** A shadow run on weather-config-shadow-{slot}: every request joined, each variant with its predictions (the rest errors) and accuracy. */
export function shadowRun(
  slot: Slot,
  requests: number,
  callerErrors: number,
  production: Answered,
  shadow: Answered,
  agreement: number,
): ShadowRun {
  return {
    slot,
    configName: `weather-config-shadow-${slot}`,
    traffic: {
      sent: requests,
      ok: requests - callerErrors,
      errors: callerErrors,
      p50Ms: 4,
      p90Ms: 6,
      p99Ms: 9,
      byVariant: { AllTraffic: requests - callerErrors },
    },
    comparison: {
      production: { variant: "AllTraffic", requests, confusion: [], ...production },
      shadow: { variant: "ShadowVariant", requests, confusion: [], ...shadow },
      joined: requests,
      agreement,
    },
    startedAt: new Date(0),
    finishedAt: new Date(60_000),
  };
}
