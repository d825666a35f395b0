/**
 * `npm run emulator -- [--port 4599] [--state-dir .emulator-state] [--region us-east-1]
 *  [--host 127.0.0.1] [--provisioning-delay-ms 1500] [--instance-launch-ms 0] [--invocation-timeout-ms 60000]
 *  [--publication-delay-ms 2000] [--time-scale 1] [--container IMAGE=COMMAND]… [--containers-file FILE]
 *  [--verbose]`, or `-- --help` for the usage.
 * Starts the emulator in the foreground and prints its URL and key pair; Ctrl-C stops it.
 */
import { parseArgs } from "node:util";
import { DEFAULT_PORT, DEFAULT_REGION } from "./config";
import {
  ImageCommandError,
  parseImageCommand,
  readImageCommandsFile,
  type ImageCommand,
} from "./containers/image-commands";
import { jsonLogger } from "./log";
import { startEmulator } from "./server";
import { StateDirInUseError } from "./store/lock";
import { MAX_TIME_SCALE, timeScaleProblem } from "./time-scale";

const USAGE = `Usage: npm run emulator -- [options]

Starts the local SageMaker, SageMaker Runtime, CloudWatch and S3 emulator in the foreground;
Ctrl-C stops it. It prints its URL and the local key pair a client needs.

Options:
  --port <n>                    port to listen on, 0 for any free one (default ${DEFAULT_PORT})
  --host <address>              address to bind (default 127.0.0.1, loopback only)
  --state-dir <dir>             where state is kept, one emulator per directory (default .emulator-state)
  --region <region>             region of ARNs (default ${DEFAULT_REGION})
  --provisioning-delay-ms <ms>  time an endpoint spends Creating/Deleting and per deployment step (default 1500)
  --instance-launch-ms <ms>     added per instance an endpoint creation or deployment step launches (default 0)
  --invocation-timeout-ms <ms>  how long InvokeEndpoint waits for a container (default 60000)
  --publication-delay-ms <ms>   from the end of an invocation-metrics interval to CloudWatch (default 2000)
  --container <image>=<command> serve that image URI with your own inference server, run as
                                \`<command> serve\` per instance (repeatable; split at spaces)
  --containers-file <file>      the same mappings as a JSON file {"<image URI>": ["program", "argument", …]}
  --time-scale <n>              run the emulator's clock n times faster than real time, 1 to ${MAX_TIME_SCALE} (default 1)
  --verbose                     one JSON line per request on stderr
  -h, --help                    print this help
`;

/** A command line that cannot be read: said in one line with the usage, not as a stack. */
class UsageError extends Error {}

function readArgs() {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

const OPTIONS = {
  help: { type: "boolean", short: "h", default: false },
  port: { type: "string", default: String(DEFAULT_PORT) },
  host: { type: "string", default: "127.0.0.1" },
  "state-dir": { type: "string", default: ".emulator-state" },
  region: { type: "string", default: DEFAULT_REGION },
  "provisioning-delay-ms": { type: "string" },
  "instance-launch-ms": { type: "string" },
  "invocation-timeout-ms": { type: "string" },
  "publication-delay-ms": { type: "string" },
  container: { type: "string", multiple: true },
  "containers-file": { type: "string" },
  "time-scale": { type: "string" },
  verbose: { type: "boolean", default: false },
} as const;

async function main(): Promise<void> {
  const values = readArgs();
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const delay = values["provisioning-delay-ms"];
  const imageCommands = imageCommandsOf(values.container ?? [], values["containers-file"]);
  const scale = values["time-scale"];
  const scaleProblem = scale === undefined ? undefined : timeScaleProblem(scale);
  if (scaleProblem) throw new UsageError(`--time-scale ${scale}: ${scaleProblem}`);
  const emulator = await startEmulator({
    port: Number(values.port),
    host: values.host,
    stateDir: values["state-dir"],
    region: values.region,
    provisioningDelayMs: delay === undefined ? undefined : Number(delay),
    instanceLaunchMs: values["instance-launch-ms"] === undefined ? undefined : Number(values["instance-launch-ms"]),
    invocationTimeoutMs:
      values["invocation-timeout-ms"] === undefined ? undefined : Number(values["invocation-timeout-ms"]),
    publicationDelayMs:
      values["publication-delay-ms"] === undefined ? undefined : Number(values["publication-delay-ms"]),
    timeScale: scale === undefined ? undefined : Number(scale),
    logger: values.verbose ? jsonLogger() : undefined,
    imageCommands,
  });
  const [key] = emulator.credentials;
  // The key pair is the documented local one (not a secret), printed so a user can copy it.
  process.stdout.write(
    `SageMaker emulator listening on ${emulator.url}\n` +
      `  AWS_ENDPOINT_URL=${emulator.url} AWS_REGION=${emulator.region}\n` +
      `  AWS_ACCESS_KEY_ID=${key?.accessKeyId} AWS_SECRET_ACCESS_KEY=${key?.secretAccessKey}\n` +
      (scale !== undefined && Number(scale) !== 1
        ? `  emulator clock ×${Number(scale)}: its durations pass ${Number(scale)} times faster than real time\n`
        : ""),
  );
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** The file's mappings, then the options' (an option names an image the file has: the option wins). */
function imageCommandsOf(options: string[], file: string | undefined): Map<string, ImageCommand> {
  try {
    return new Map([...(file === undefined ? [] : readImageCommandsFile(file)), ...options.map(parseImageCommand)]);
  } catch (e) {
    throw e instanceof ImageCommandError ? new UsageError(e.message) : e;
  }
}

main().catch((err: unknown) => {
  // A refusal the user can act on is one line, not a stack.
  if (err instanceof UsageError) {
    console.error(`emulator: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(err instanceof StateDirInUseError ? `emulator: ${err.message}` : err);
  process.exit(1);
});
