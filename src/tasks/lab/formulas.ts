/**
 * The lab's formulas: what a DeploymentConfig implies for a fleet of N
 * instances, from SageMaker's documented behaviour (UpdateEndpoint's blue/green
 * and rolling deployments, reference §4) – the bakes it waits before promoting,
 * the share of traffic its first step puts on the new fleet, the instances it
 * keeps up at its peak – and, with an alarm period and a request rate, the
 * expected detection time and blast radius of a faulty model. They are written
 * apart from the emulator, so where a local run's measurements disagree with
 * them, one of the two is wrong; they also scale the run to other timings.
 */
import type { CapacitySize, DeploymentConfig } from "@aws-sdk/client-sagemaker";

export interface Shape {
  /** Every bake the deployment waits through before it promotes, in order. */
  bakes: number[];
  /** Share of the traffic the first step sends to the new fleet. */
  firstShare: number;
  /** Most instances up at once while deploying (blue/green keeps the old fleet; rolling adds a batch). */
  peakInstances: number;
}

/**
 * Instances a canary, linear step or rolling batch stands for out of n: a count as given (at most
 * n), a percentage of n in whole instances, rounded down but never below one instance.
 */
function instances(size: CapacitySize | undefined, n: number): number {
  const value = size?.Value ?? n;
  return Math.min(n, size?.Type === "CAPACITY_PERCENT" ? Math.max(1, Math.floor((n * value) / 100)) : value);
}

/** Bakes of zero seconds are no bake at all. */
const waits = (...seconds: number[]) => seconds.filter((s) => s > 0);

/**
 * One variant of n instances, old and new configuration alike. Blue/green provisions the whole new
 * fleet beside the old one, which stays up until the end (peak 2n): ALL_AT_ONCE shifts all traffic
 * and bakes TerminationWaitInSeconds; CANARY shifts the canary's share, bakes WaitIntervalInSeconds,
 * then shifts the rest and bakes TerminationWaitInSeconds; LINEAR shifts step by step, baking
 * WaitIntervalInSeconds after each partial step and TerminationWaitInSeconds after the last. A
 * rolling update replaces the fleet batch by batch (peak n + a batch), baking WaitIntervalInSeconds
 * after each. Traffic follows instances: a fleet with k of the n instances takes k/n.
 */
export function shapeOf(config: DeploymentConfig, n: number): Shape {
  const rolling = config.RollingUpdatePolicy;
  if (rolling) {
    const batch = instances(rolling.MaximumBatchSize, n);
    const batches = Math.ceil(n / batch);
    return {
      bakes: waits(...Array.from({ length: batches }, () => rolling.WaitIntervalInSeconds ?? 0)),
      firstShare: batch / n,
      peakInstances: n + batch,
    };
  }
  const policy = config.BlueGreenUpdatePolicy;
  const routing = policy?.TrafficRoutingConfiguration;
  const wait = routing?.WaitIntervalInSeconds ?? 0;
  const termination = policy?.TerminationWaitInSeconds ?? 0;
  const peakInstances = 2 * n;
  if (routing?.Type === "CANARY") {
    return { bakes: waits(wait, termination), firstShare: instances(routing.CanarySize, n) / n, peakInstances };
  }
  if (routing?.Type === "LINEAR") {
    const step = instances(routing.LinearStepSize, n);
    const partialSteps = Math.ceil(n / step) - 1;
    return {
      bakes: waits(...Array.from({ length: partialSteps }, () => wait), termination),
      firstShare: partialSteps > 0 ? step / n : 1,
      peakInstances,
    };
  }
  return { bakes: waits(termination), firstShare: 1, peakInstances };
}

/** The same deployment with every bake set to `seconds` (how the AWS profile times the lab's strategies). */
export function withBakes(config: DeploymentConfig, seconds: number): DeploymentConfig {
  const { RollingUpdatePolicy: rolling, BlueGreenUpdatePolicy: blueGreen } = config;
  if (rolling) return { ...config, RollingUpdatePolicy: { ...rolling, WaitIntervalInSeconds: seconds } };
  return {
    ...config,
    BlueGreenUpdatePolicy: {
      ...blueGreen,
      TrafficRoutingConfiguration: {
        ...blueGreen?.TrafficRoutingConfiguration,
        Type: blueGreen?.TrafficRoutingConfiguration?.Type,
        WaitIntervalInSeconds: seconds,
      },
      TerminationWaitInSeconds: seconds,
    },
  };
}

/**
 * The timings the formulas take: the alarm period, the delay of the alarm's decision and the request
 * rate.
 */
export interface Timing {
  alarmPeriodSeconds: number;
  /** From a period's end to the alarm deciding on it (metric publication, evaluation, the deployment's check). */
  decisionDelaySeconds: number;
  requestsPerSecond: number;
}

export interface Prediction {
  /** Sum of the bakes: the least time a good model takes to be promoted. */
  bakeSeconds: number;
  /** First error → rollback, on average: the first error falls mid-period, the alarm decides after the period ends. */
  detectionSeconds: number;
  /** Requests the faulty fleet answers before the rollback: rate × first-step share × detection time. */
  failedRequests: number;
  peakInstances: number;
  /** Whether the first bake outlasts the worst-case detection (period + delay): if not, a faulty model can be promoted. */
  caughtInFirstBake: boolean;
}

export function predict(config: DeploymentConfig, n: number, timing: Timing): Prediction {
  const shape = shapeOf(config, n);
  const detectionSeconds = timing.alarmPeriodSeconds / 2 + timing.decisionDelaySeconds;
  return {
    bakeSeconds: shape.bakes.reduce((a, b) => a + b, 0),
    detectionSeconds,
    failedRequests: Math.round(timing.requestsPerSecond * shape.firstShare * detectionSeconds),
    peakInstances: shape.peakInstances,
    caughtInFirstBake: (shape.bakes[0] ?? 0) > timing.alarmPeriodSeconds + timing.decisionDelaySeconds,
  };
}
