/**
 * The runner of a deployment plan: a state machine on the injected clock. Its state is plain
 * data (persisted by the control plane after every change, so a restarted emulator resumes it);
 * the class around it holds the timers and the started fleets.
 *
 * - Each step lasts `stepMs` (launch, activate, terminate: infrastructure work) or its bake
 *   time; a launch also waits for the fleet to start (model download, container, ping).
 * - Traffic moves when an activate step begins, so a step never leaves requests without a fleet.
 * - While deploying, the guardrails are checked when a step begins and every second: any
 *   AutoRollbackConfiguration alarm in ALARM (also one already in ALARM when the update starts),
 *   or MaximumExecutionTimeoutInSeconds exceeded, switches to the rollback plan (plan.ts) with
 *   its FailureReason; so does a green fleet that cannot start. The last step (terminating the
 *   old fleet) is past the point of no return and is not watched (inferred).
 */
import type { DeploymentConfig } from "@aws-sdk/client-sagemaker";
import type { Clock } from "../clock";
import { FleetStartError, type Fleet } from "./fleet";
import { deploymentPlan, rollbackPlan, type FleetSizes, type PerVariant, type Side, type Step } from "./plan";
import { byName, own } from "../names";

export interface RolloutState {
  startedAt: number;
  config?: DeploymentConfig;
  sizes: FleetSizes;
  phase: "deploying" | "rollingBack";
  steps: Step[];
  index: number;
  stepStartedAt: number;
  /** Instances up now. */
  capacity: FleetSizes;
  greenShare: PerVariant;
  /** When the green fleet had started (its images resolved). */
  greenReadyAt?: number;
  failureReason?: string;
}

export type RolloutFleets = Partial<Record<Side, Fleet>>;

export interface RolloutContext {
  clock: Clock;
  /** How long one infrastructure step (launch, activate, terminate) takes. */
  stepMs: number;
  /** Added to a launch step for each instance it launches (the provisioning model: README). */
  instanceMs?: number;
  /** Starts the fleet of one side's endpoint config (throws FleetStartError). */
  start(side: Side): Promise<Fleet>;
  /** A fleet that finished starting after the deployment moved on: it will never serve. */
  discard(fleet: Fleet): void;
  /** Which of these alarms are in ALARM now or entered it at or after `since`. */
  firing(alarms: readonly string[], since: number): string[];
  /** After every change: persist the state, route traffic to the fleets. */
  changed(state: RolloutState, fleets: RolloutFleets): void;
  /** The plan ran to its end: deployed (phase deploying) or rolled back. */
  finished(state: RolloutState, fleets: RolloutFleets): void;
}

const WATCH_MS = 1000;

const alarmReason = (alarms: readonly string[]) =>
  `One or more configured alarm for automatic rollback deployment is in ALARM state: [${alarms.join(", ")}].`;
/** Inferred wording: AWS documents that a timeout rolls back, not the reason it gives. */
const timeoutReason = (seconds: number) =>
  `The deployment did not complete within MaximumExecutionTimeoutInSeconds (${seconds} seconds).`;

export function newRollout(config: DeploymentConfig | undefined, sizes: FleetSizes, now: number): RolloutState {
  return {
    startedAt: now,
    config,
    sizes,
    phase: "deploying",
    steps: deploymentPlan(config, sizes),
    index: 0,
    stepStartedAt: now,
    capacity: { blue: sizes.blue, green: {} },
    greenShare: {},
  };
}

const launched = (step: Step): number =>
  step.kind === "launch" ? Object.values(step.instances).reduce((n, k) => n + k, 0) : 0;
const durationMs = (step: Step, stepMs: number, instanceMs = 0) =>
  step.kind === "bake" ? step.seconds * 1000 : stepMs + launched(step) * instanceMs;
const adjust = (counts: PerVariant, by: PerVariant, sign: 1 | -1): PerVariant => {
  const out = byName(Object.entries(counts));
  for (const [v, n] of Object.entries(by)) out[v] = (own(out, v) ?? 0) + sign * n;
  return out;
};

export class Rollout {
  /** Generation of the running step: callbacks of a superseded step do nothing. */
  private generation = 0;
  private cancelStep?: () => void;
  private cancelWatch?: () => void;
  /** When the guardrails were last checked (alarms that went into ALARM since then count). */
  private checkedAt = 0;

  constructor(
    readonly state: RolloutState,
    private readonly fleets: RolloutFleets,
    private readonly ctx: RolloutContext,
  ) {}

  /** Runs the current step: the first one, or after a restart the one that was running. */
  start(): void {
    this.checkedAt = this.state.startedAt;
    if (this.state.phase === "deploying") {
      this.watch();
      if (this.tripped()) return;
    }
    this.run();
  }

  stop(): void {
    this.generation++;
    this.cancelStep?.();
    this.cancelWatch?.();
  }

  private run(): void {
    const s = this.state;
    const step = s.steps[s.index];
    if (!step) {
      this.stop();
      this.ctx.finished(s, this.fleets);
      return;
    }
    const generation = ++this.generation;
    if (step.kind === "activate") s.greenShare = step.greenShare;
    this.ctx.changed(s, this.fleets);
    let elapsed = false;
    let ready = !(step.kind === "launch" && this.fleets[step.side] === undefined);
    let failure: string | undefined;
    // A fleet that cannot start is found out when its launch step ends, as a health check would.
    const maybeDone = () => {
      if (generation !== this.generation || !elapsed) return;
      if (failure !== undefined) this.rollBack(failure);
      else if (ready) this.complete(step);
    };
    const remaining = Math.max(
      0,
      s.stepStartedAt + durationMs(step, this.ctx.stepMs, this.ctx.instanceMs) - this.ctx.clock.now(),
    );
    this.cancelStep = this.ctx.clock.setTimer(remaining, () => {
      elapsed = true;
      maybeDone();
    });
    if (step.kind !== "launch" || ready) return;
    this.ctx.start(step.side).then(
      (fleet) => {
        if (generation !== this.generation) return this.ctx.discard(fleet);
        this.fleets[step.side] = fleet;
        if (step.side === "green") s.greenReadyAt = this.ctx.clock.now();
        ready = true;
        maybeDone();
      },
      (e: unknown) => {
        failure = e instanceof FleetStartError ? e.message : `The fleet failed to start: ${String(e)}`;
        maybeDone();
      },
    );
  }

  private complete(step: Step): void {
    const s = this.state;
    if (step.kind === "launch")
      s.capacity = { ...s.capacity, [step.side]: adjust(s.capacity[step.side], step.instances, 1) };
    if (step.kind === "terminate")
      s.capacity = { ...s.capacity, [step.side]: adjust(s.capacity[step.side], step.instances, -1) };
    s.index++;
    s.stepStartedAt = this.ctx.clock.now();
    if (s.phase === "deploying" && this.tripped()) return;
    this.run();
  }

  private watch(): void {
    this.cancelWatch = this.ctx.clock.setTimer(WATCH_MS, () => {
      this.watch();
      this.tripped();
    });
  }

  /** Checks the guardrails; rolls back and answers true when one has tripped. */
  private tripped(): boolean {
    const s = this.state;
    if (s.phase !== "deploying" || s.index >= s.steps.length - 1) return false;
    const alarms = (s.config?.AutoRollbackConfiguration?.Alarms ?? []).map((a) => a.AlarmName!);
    // An alarm that went into ALARM since the last check counts even if an evaluation has since
    // moved it back (SetAlarmState holds only until then): guardrails react to the state change.
    const firing = this.ctx.firing(alarms, this.checkedAt);
    this.checkedAt = this.ctx.clock.now();
    if (firing.length > 0) return this.rollBack(alarmReason(firing));
    const timeout =
      s.config?.BlueGreenUpdatePolicy?.MaximumExecutionTimeoutInSeconds ??
      s.config?.RollingUpdatePolicy?.MaximumExecutionTimeoutInSeconds;
    if (timeout !== undefined && this.ctx.clock.now() - s.startedAt >= timeout * 1000)
      return this.rollBack(timeoutReason(timeout));
    return false;
  }

  private rollBack(reason: string): true {
    const s = this.state;
    const step = s.steps[s.index];
    this.stop();
    s.steps = rollbackPlan({
      config: s.config,
      sizes: s.sizes,
      capacity: s.capacity,
      greenShare: s.greenShare,
      launching: step?.kind === "launch" && step.side === "green" ? step.instances : undefined,
    });
    Object.assign(s, { phase: "rollingBack", failureReason: reason, index: 0, stepStartedAt: this.ctx.clock.now() });
    this.run();
    return true;
  }
}
