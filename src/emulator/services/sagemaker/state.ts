/** The SageMaker control plane's state and the collaborators it needs (no HTTP, no containers). */
import { join } from "node:path";
import type { Clock } from "../../clock";
import type { FleetControl } from "../../fleet/fleet";
import type { Rollout } from "../../fleet/rollout";
import { errorText, type Logger } from "../../log";
import { Collection } from "../../store/collection";
import type { Quarantine } from "../../store/quarantine";
import type { EndpointQuotas } from "./quotas";
import type { EndpointConfigRecord, EndpointRecord, ModelRecord } from "./records";

export interface SageMakerDeps {
  region: string;
  clock: Clock;
  /** Whether an s3:// ModelDataUrl names an object in the emulator's S3. */
  modelDataExists(url: string): boolean;
  fleets: FleetControl;
  /** How long a provisioning step takes: an endpoint Creating or Deleting, a deployment step. */
  provisioningDelayMs: number;
  /** Added to an endpoint's Creating and to a deployment's launch step per instance launched (default 0). */
  instanceLaunchMs?: number;
  /** Which of these CloudWatch alarms are in ALARM or entered it at or after `since` (guardrails watch them). */
  alarmsInAlarm(names: readonly string[], since: number): string[];
  /** Account quotas on endpoint instances, checked before an endpoint is created or updated. */
  quotas: EndpointQuotas;
  /** Where failures nobody is waiting for (a transition not persisted) are reported. */
  logger: Logger;
}

export interface SageMakerState {
  models: Collection<ModelRecord>;
  configs: Collection<EndpointConfigRecord>;
  endpoints: Collection<EndpointRecord>;
  deps: SageMakerDeps;
  /** Pending lifecycle timers, cancelled on shutdown. */
  timers: Set<() => void>;
  /** Deployments under way by endpoint key, stopped on shutdown. */
  rollouts: Map<string, Rollout>;
}

export async function openSageMakerState(
  dir: string,
  deps: SageMakerDeps,
  quarantine: Quarantine,
): Promise<SageMakerState> {
  return {
    models: await Collection.open<ModelRecord>(join(dir, "models"), quarantine),
    configs: await Collection.open<EndpointConfigRecord>(join(dir, "endpoint-configs"), quarantine),
    endpoints: await Collection.open<EndpointRecord>(join(dir, "endpoints"), quarantine),
    deps,
    timers: new Set(),
    rollouts: new Map(),
  };
}

/** Names are unique regardless of case on SageMaker (ARNs lower-case them), so records are keyed lower-case. */
export const keyOf = (name: string) => name.toLowerCase();

/**
 * Runs `fn`, a transition of endpoint `endpointName`, after the provisioning delay (and the time
 * `instances` new instances take) on the injected clock, tracked so shutdown can cancel it.
 */
export function schedule(s: SageMakerState, endpointName: string, fn: () => Promise<void>, instances = 0): void {
  const delayMs = s.deps.provisioningDelayMs + instances * (s.deps.instanceLaunchMs ?? 0);
  const cancel = s.deps.clock.setTimer(delayMs, () => {
    s.timers.delete(cancel);
    // A transition that cannot be persisted (state directory gone while stopping) is left as it
    // was on disk; the next start resumes it (resumeEndpoints).
    fn().catch((e: unknown) =>
      s.deps.logger.info("endpoint transition not persisted (resumed from disk at the next start)", {
        endpoint: endpointName,
        error: errorText(e),
      }),
    );
  });
  s.timers.add(cancel);
}
