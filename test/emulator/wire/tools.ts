/**
 * Debian's AWS CLI and boto3, run against the emulator as a user would: explicit /usr/bin paths
 * (not pyenv shims), the local key pair in the environment, no user config files.
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Tool } from "../../support/tools";
import { LOCAL_KEYS, startTestEmulator, type TestEmulator } from "../../../support/emulator";

export const AWS = "/usr/bin/aws";
export const PYTHON = "/usr/bin/python3";
export const AWS_CLI: Tool = {
  name: `the AWS CLI (${AWS})`,
  install: "apt-get install awscli",
  present: () => existsSync(AWS),
};
export const BOTO3: Tool = {
  name: `boto3 for ${PYTHON}`,
  install: "apt-get install python3-boto3",
  present: () => existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import boto3"]).status === 0,
};

const run = promisify(execFile);

export function toolEnv(): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), "emulator-wire-home-"));
  return {
    PATH: "/usr/bin:/bin",
    HOME: home,
    AWS_ACCESS_KEY_ID: LOCAL_KEYS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_KEYS.secretAccessKey,
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
  };
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `aws --endpoint-url <url> …args` (Debian's CLI predates AWS_ENDPOINT_URL). */
export async function aws(url: string, args: string[], env = toolEnv()): Promise<ToolResult> {
  try {
    const { stdout, stderr } = await run(AWS, ["--endpoint-url", url, "--output", "json", ...args], {
      env,
      maxBuffer: 16 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

export async function awsJson<T = Record<string, unknown>>(url: string, args: string[]): Promise<T> {
  const result = await aws(url, args);
  if (result.code !== 0) throw new Error(`aws ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
  return (result.stdout.trim() ? JSON.parse(result.stdout) : {}) as T;
}

/**
 * What a boto3 script starts with: the four clients on the emulator (EMULATOR_URL), no retries,
 * and error_of(call): the [code, message, status] of the ClientError a call raises (None if none).
 */
export const BOTO3_PRELUDE = `
import json, os, time, datetime, boto3, botocore
url = os.environ["EMULATOR_URL"]
cfg = botocore.config.Config(retries={"max_attempts": 1})
s3 = boto3.client("s3", endpoint_url=url, config=cfg)
sm = boto3.client("sagemaker", endpoint_url=url, config=cfg)
rt = boto3.client("sagemaker-runtime", endpoint_url=url, config=cfg)
cw = boto3.client("cloudwatch", endpoint_url=url, config=cfg)
def error_of(call):
    try:
        call()
    except botocore.exceptions.ClientError as e:
        return [e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
    return None
`;

/** Runs a Python script with boto3; the emulator URL is in EMULATOR_URL. Prints go to stdout. */
export async function python(url: string, script: string): Promise<string> {
  const { stdout } = await run(PYTHON, ["-c", script], {
    env: { ...toolEnv(), EMULATOR_URL: url },
    maxBuffer: 16 << 20,
  });
  return stdout;
}

/**
 * A test file's emulator for boto3 scripts, started before its tests and stopped after: the
 * returned function runs BOTO3_PRELUDE, `prelude` and a script that fills the dict `result`, and
 * answers that dict.
 */
export function boto3Emulator(prelude = ""): (script: string) => Promise<Record<string, unknown>> {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t.stop());
  return async (script) =>
    JSON.parse(
      await python(t.emulator.url, `${BOTO3_PRELUDE}\nresult = {}\n${prelude}\n${script}\nprint(json.dumps(result))`),
    ) as Record<string, unknown>;
}
