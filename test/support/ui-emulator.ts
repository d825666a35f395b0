import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCAL_EMULATOR } from "../../src/aws/clients";
import { startEmulator } from "../../src/emulator/server";

export interface UiEmulator {
  /** The environment that points a notebook's kernel at this emulator and nothing else. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * The local SageMaker emulator a UI test's notebook talks to, with its own
 * state dir, bound to a port of the OS's choosing; the kernel finds it there.
 */
export async function startUiEmulator(): Promise<UiEmulator> {
  const stateDir = mkdtempSync(join(tmpdir(), "guardrails-ui-state-"));
  const emulator = await startEmulator({
    port: 0,
    stateDir,
    credentials: [LOCAL_EMULATOR.credentials],
    provisioningDelayMs: LOCAL_EMULATOR.provisioningDelayMs,
  });
  return {
    env: { GUARDRAILS_TARGET: "local", GUARDRAILS_EMULATOR_URL: emulator.url, GUARDRAILS_STATE_DIR: stateDir },
    stop: async () => {
      await emulator.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
