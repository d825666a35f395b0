/**
 * `npm run emulator -- [--port 4599] [--state-dir .emulator-state] [--region us-east-1]
 *  [--host 127.0.0.1] [--provisioning-delay-ms 1500] [--invocation-timeout-ms 60000]
 *  [--publication-delay-ms 2000] [--verbose]`
 * Starts the emulator in the foreground and prints its URL and key pair; Ctrl-C stops it.
 */
import { parseArgs } from "node:util";
import { DEFAULT_PORT, DEFAULT_REGION } from "./config";
import { jsonLogger } from "./log";
import { startEmulator } from "./server";
import { StateDirInUseError } from "./store/lock";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: String(DEFAULT_PORT) },
      host: { type: "string", default: "127.0.0.1" },
      "state-dir": { type: "string", default: ".emulator-state" },
      region: { type: "string", default: DEFAULT_REGION },
      "provisioning-delay-ms": { type: "string" },
      "invocation-timeout-ms": { type: "string" },
      "publication-delay-ms": { type: "string" },
      verbose: { type: "boolean", default: false },
    },
  });
  const delay = values["provisioning-delay-ms"];
  const emulator = await startEmulator({
    port: Number(values.port),
    host: values.host,
    stateDir: values["state-dir"],
    region: values.region,
    provisioningDelayMs: delay === undefined ? undefined : Number(delay),
    invocationTimeoutMs:
      values["invocation-timeout-ms"] === undefined ? undefined : Number(values["invocation-timeout-ms"]),
    publicationDelayMs:
      values["publication-delay-ms"] === undefined ? undefined : Number(values["publication-delay-ms"]),
    logger: values.verbose ? jsonLogger() : undefined,
  });
  const [key] = emulator.credentials;
  // The key pair is the documented local one (not a secret), printed so a user can copy it.
  process.stdout.write(
    `SageMaker emulator listening on ${emulator.url}\n` +
      `  AWS_ENDPOINT_URL=${emulator.url} AWS_REGION=${emulator.region}\n` +
      `  AWS_ACCESS_KEY_ID=${key?.accessKeyId} AWS_SECRET_ACCESS_KEY=${key?.secretAccessKey}\n`,
  );
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: unknown) => {
  // A refusal the user can act on is one line, not a stack.
  console.error(err instanceof StateDirInUseError ? `emulator: ${err.message}` : err);
  process.exit(1);
});
