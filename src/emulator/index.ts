/**
 * The emulator's public entry: all the notebook side may import from it. Start and
 * stop it, its documented local port and key pair, and the steps it plans for a
 * DeploymentConfig (AWS's documented phases, which the strategy lab predicts from).
 * Everything else is reached only over HTTP, through the AWS SDK.
 */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export { DEFAULT_CREDENTIALS, DEFAULT_PORT } from "./config";
export { deploymentPlan } from "./fleet/plan";
