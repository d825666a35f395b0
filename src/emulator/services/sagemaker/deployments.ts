/**
 * UpdateEndpoint: a blue/green (or rolling) deployment of another endpoint configuration
 * (the moves: lifecycle.ts).
 *   InService → Updating → InService on the new configuration
 *                        ↘ RollingBack → InService on the old one, with FailureReason
 * The plan and its runner live in fleet/ (plan.ts, rollout.ts); this module checks the request,
 * keeps the endpoint record in step with the runner (status, persistence after every step,
 * routing) and settles the outcome. DescribeEndpoint projects the runner's state
 * (deployment-view.ts).
 */
import type { UpdateEndpointInput, UpdateEndpointOutput } from "@aws-sdk/client-sagemaker";
import { anyPositive } from "../../fleet/plan";
import { Rollout, newRollout, type RolloutFleets } from "../../fleet/rollout";
import { errorText } from "../../log";
import { findConfig } from "./endpoint-configs";
import { findEndpoint } from "./endpoints";
import { sageMakerValidator, validationException } from "./errors";
import { checkDeploymentConfig, validateDeploymentConfig } from "./deployment-config";
import { fleetSpecOf, instanceCounts, modelsOf } from "./fleet-specs";
import { checkUpdatable, moveTo } from "./lifecycle";
import { validateResourceName } from "./names";
import { checkEndpointQuotas } from "./quotas";
import type { EndpointRecord, PendingDeployment } from "./records";
import { keyOf, type SageMakerState } from "./state";

export async function updateEndpoint(s: SageMakerState, input: UpdateEndpointInput): Promise<UpdateEndpointOutput> {
  const v = sageMakerValidator();
  validateResourceName(v, "endpointName", input.EndpointName);
  validateResourceName(v, "endpointConfigName", input.EndpointConfigName);
  validateDeploymentConfig(v, "deploymentConfig", input.DeploymentConfig);
  v.check();
  const record = findEndpoint(s, input.EndpointName);
  checkUpdatable(record);
  const config = findConfig(s, input.EndpointConfigName);
  const models = modelsOf(s, config);
  if (input.RetainDeploymentConfig && input.DeploymentConfig)
    throw validationException("DeploymentConfig cannot be specified when RetainDeploymentConfig is true."); // wording inferred
  const deploymentConfig = input.RetainDeploymentConfig ? record.lastDeploymentConfig : input.DeploymentConfig;
  checkDeploymentConfig(deploymentConfig, config, record.config);
  checkEndpointQuotas(s.deps.quotas, s.endpoints.values(), config);
  const now = s.deps.clock.now();
  const deployment = {
    config,
    models,
    rollout: newRollout(deploymentConfig, { blue: instanceCounts(record.config), green: instanceCounts(config) }, now),
  };
  moveTo(record, "Updating", now, {
    deployment,
    lastDeploymentConfig: deploymentConfig ?? record.lastDeploymentConfig,
  });
  await s.endpoints.put(keyOf(record.name), record);
  run(s, record, deployment, { blue: s.deps.fleets.get(record.name)?.blue });
  return { EndpointArn: record.arn };
}

/** After a restart: start the fleets a deployment had up and let it go on from its current step. */
export async function resumeDeployments(s: SageMakerState): Promise<void> {
  for (const record of [...s.endpoints.values()]) {
    const d = record.deployment;
    if (!d) continue;
    const fleets: RolloutFleets = {};
    try {
      fleets.blue = await s.deps.fleets.start(fleetSpecOf(record.config, record.models), true);
    } catch (e) {
      // Neither S3 nor the copy it had loaded holds the old model data: the endpoint cannot serve again.
      moveTo(record, "Failed", s.deps.clock.now(), { failureReason: errorText(e), deployment: undefined });
      await s.endpoints.put(keyOf(record.name), record);
      continue;
    }
    try {
      if (anyPositive(d.rollout.capacity.green))
        fleets.green = await s.deps.fleets.start(fleetSpecOf(d.config, d.models), true);
    } catch (e) {
      // The new fleet cannot come back: the update is rolled back, and the old fleet keeps serving.
      s.deps.fleets.serve(record.name, { blue: fleets.blue, greenShare: {} });
      moveTo(record, "InService", s.deps.clock.now(), { failureReason: errorText(e), deployment: undefined });
      await s.endpoints.put(keyOf(record.name), record);
      continue;
    }
    run(s, record, d, fleets);
  }
}

/** Runs `d`, the deployment under way on `record`. */
function run(s: SageMakerState, record: EndpointRecord, d: PendingDeployment, fleets: RolloutFleets): void {
  const key = keyOf(record.name);
  // A failed write is retried by the next step's.
  const save = () =>
    void s.endpoints.put(key, record).catch((e: unknown) =>
      s.deps.logger.info("deployment step not persisted (the next step writes it again)", {
        endpoint: record.name,
        error: errorText(e),
      }),
    );
  const rollout = new Rollout(d.rollout, fleets, {
    clock: s.deps.clock,
    stepMs: s.deps.provisioningDelayMs,
    instanceMs: s.deps.instanceLaunchMs,
    start: (side) =>
      s.deps.fleets.start(
        side === "green" ? fleetSpecOf(d.config, d.models) : fleetSpecOf(record.config, record.models),
      ),
    discard: (fleet) => s.deps.fleets.discard(fleet),
    firing: (alarms, since) => s.deps.alarmsInAlarm(alarms, since),
    changed: (state, f) => {
      if (f.blue) s.deps.fleets.serve(record.name, { blue: f.blue, green: f.green, greenShare: state.greenShare });
      const status = state.phase === "deploying" ? "Updating" : "RollingBack";
      if (record.status !== status) moveTo(record, status, s.deps.clock.now());
      save();
    },
    finished: (state, f) => {
      s.rollouts.delete(key);
      const deployed = state.phase === "deploying";
      const serving = deployed ? f.green : f.blue;
      if (!serving) throw new Error(`Endpoint ${record.name}: the deployment ended without the fleet it ends on.`);
      s.deps.fleets.serve(record.name, { blue: serving, greenShare: {} });
      const changes = deployed
        ? { config: d.config, models: d.models, deployedAt: state.greenReadyAt, failureReason: undefined }
        : { failureReason: state.failureReason };
      moveTo(record, "InService", s.deps.clock.now(), { ...changes, deployment: undefined });
      save();
    },
  });
  s.rollouts.set(key, rollout);
  rollout.start();
}
