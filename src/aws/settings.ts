/**
 * The notebook's environment settings, every GUARDRAILS_* variable the helpers read, parsed and
 * checked in one place. Read when asked (not at import), so a variable set in a cell or a test
 * before the next `setup` applies. A wrong value is a one-line error naming the allowed ones.
 * (GUARDRAILS_QUIET and GUARDRAILS_PROJECT_ROOT belong to the cell output, view/live/log.ts.)
 */
import { NotebookError } from "./errors";
import { timeScaleProblem } from "../emulator";

/** Where the notebook's requests go: "local" (the embedded SageMaker emulator) or "aws" (your account). */
export type Target = "local" | "aws";
/** Timing profiles: `fast` (seconds-long bakes, 10-second alarms) or `aws` (the original's minutes). */
export type ProfileName = "fast" | "aws";

const TARGETS: readonly Target[] = ["local", "aws"];
const PROFILES: readonly ProfileName[] = ["fast", "aws"];

export interface Settings {
  /** GUARDRAILS_TARGET; unset: the notebook's TARGET, else "local". */
  target?: Target;
  /** GUARDRAILS_PROFILE; unset: the target's own profile. */
  profile?: ProfileName;
  /** GUARDRAILS_EMULATOR_URL: the emulator to use and nothing else. */
  emulatorUrl?: string;
  /** GUARDRAILS_EMULATOR_PORT: where the local emulator is looked for, or started. */
  emulatorPort?: number;
  /**
   * GUARDRAILS_TIME_SCALE: how many times faster than real time the emulator this process starts
   * (the embedded one, or `npm start`'s) runs its clock. An emulator already running keeps its own.
   */
  timeScale?: number;
  /** GUARDRAILS_STATE_DIR: the local emulator's state directory. */
  stateDir?: string;
  /**
   * GUARDRAILS_EMULATOR_CONTAINERS: a JSON file mapping image URIs to the command of your own
   * inference server, which the emulator this process starts runs per instance (its `--containers-file`).
   */
  containersFile?: string;
  /** GUARDRAILS_ROLE_ARN and GUARDRAILS_BUCKET: what the AWS target needs of your account. */
  roleArn?: string;
  bucket?: string;
}

/** A wrong setting: its one-line message names the variable and the values allowed. */
export class SettingError extends NotebookError {}

function oneOf<T extends string>(name: string, allowed: readonly T[], value: string | undefined): T | undefined {
  if (value === undefined || value === "") return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new SettingError(`${name}="${value}" is not allowed: use ${allowed.map((a) => `"${a}"`).join(" or ")}.`);
}

function port(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new SettingError(`${name}="${value}" is not allowed: use a port number from 0 to 65535.`);
  return n;
}

function url(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== "http:" && protocol !== "https:")
    throw new SettingError(`${name}="${value}" is not allowed: use an http:// or https:// URL.`);
  return value;
}

function timeScale(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const problem = timeScaleProblem(value);
  if (problem) throw new SettingError(`${name}="${value}" is not allowed: ${problem}.`);
  return Number(value);
}

const text = (value: string | undefined): string | undefined => (value === "" ? undefined : value);

/** The GUARDRAILS_* settings of `env` (default: this process's environment), checked. */
export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    target: oneOf("GUARDRAILS_TARGET", TARGETS, env.GUARDRAILS_TARGET),
    profile: oneOf("GUARDRAILS_PROFILE", PROFILES, env.GUARDRAILS_PROFILE),
    emulatorUrl: url("GUARDRAILS_EMULATOR_URL", env.GUARDRAILS_EMULATOR_URL),
    emulatorPort: port("GUARDRAILS_EMULATOR_PORT", env.GUARDRAILS_EMULATOR_PORT),
    timeScale: timeScale("GUARDRAILS_TIME_SCALE", env.GUARDRAILS_TIME_SCALE),
    stateDir: text(env.GUARDRAILS_STATE_DIR),
    containersFile: text(env.GUARDRAILS_EMULATOR_CONTAINERS),
    roleArn: text(env.GUARDRAILS_ROLE_ARN),
    bucket: text(env.GUARDRAILS_BUCKET),
  };
}
