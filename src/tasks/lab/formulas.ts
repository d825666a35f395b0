/**
 * The lab's formulas: what a DeploymentConfig implies for a fleet of N
 * instances, from its structure alone (the steps AWS documents, as the
 * emulator plans them) – the bakes it waits before promoting,
 * the share of traffic its first step puts on the new fleet, the instances it
 * keeps up at its peak – and, with an alarm period and a request rate, the
 * expected detection time and blast radius of a faulty model. The same
 * formulas predict the local run (checked against its measurements) and
 * scale it to other timings.
 */
import type { DeploymentConfig } from "@aws-sdk/client-sagemaker";
import { deploymentPlan } from "../../emulator";

export interface Shape {
  /** Every bake the deployment waits through before it promotes, in order. */
  bakes: number[];
  /** Share of the traffic the first step sends to the new fleet. */
  firstShare: number;
  /** Most instances up at once while deploying (blue/green keeps the old fleet; rolling adds a batch). */
  peakInstances: number;
}

const VARIANT = "AllTraffic";

/** Read off the plan the emulator runs (fleet/plan.ts, AWS's documented steps) for one variant of n instances on both sides. */
export function shapeOf(config: DeploymentConfig, n: number): Shape {
  const steps = deploymentPlan(config, { blue: { [VARIANT]: n }, green: { [VARIANT]: n } });
  let up = n;
  let peakInstances = n;
  for (const step of steps) {
    if (step.kind === "launch") up += step.instances[VARIANT] ?? 0;
    if (step.kind === "terminate") up -= step.instances[VARIANT] ?? 0;
    peakInstances = Math.max(peakInstances, up);
  }
  const firstShift = steps.find((s) => s.kind === "activate");
  return {
    bakes: steps.flatMap((s) => (s.kind === "bake" ? [s.seconds] : [])),
    firstShare: firstShift?.kind === "activate" ? (firstShift.greenShare[VARIANT] ?? 0) : 0,
    peakInstances,
  };
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
