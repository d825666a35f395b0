/**
 * Global setup of the main suite: compiles src/ to dist/ once, before any file runs. Kernels
 * started by the tests then skip their own build at start (the config sets
 * GUARDRAILS_KERNEL_SKIP_BUILD): a notebook imports this dist/, current for the run.
 */
import { build } from "../../../scripts/build.mjs";

export default function buildOnce(): void {
  const errors = build();
  if (errors) throw new Error(`The build of src/ failed:\n${errors}`);
}
