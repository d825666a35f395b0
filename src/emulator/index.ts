/**
 * The emulator's public entry: all the notebook side may import from it. Start and
 * stop it, and its documented local port and key pair.
 * Everything else is reached only over HTTP, through the AWS SDK.
 */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export { DEFAULT_CREDENTIALS, DEFAULT_PORT } from "./config";
export { readImageCommandsFile, type ImageCommands } from "./containers/image-commands";
export { EMULATOR_TIME_HEADER, MAX_TIME_SCALE, TIME_SCALE_HEADER, timeScaleProblem } from "./time-scale";
