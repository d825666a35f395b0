// The project's Jupyter kernel: tslab, started after an incremental build of
// src/ into dist/, so a notebook that imports "../dist" always sees the
// helpers as they are now. Editing a helper therefore needs only a kernel restart.
// GUARDRAILS_KERNEL_SKIP_BUILD=1 skips that build: the test suite sets it after
// building once itself, so its many kernels do not each check src/ again.
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "./build.mjs";
import { applyKernelPatches } from "./kernel-patches.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));

const errors = process.env.GUARDRAILS_KERNEL_SKIP_BUILD === "1" ? "" : build();
if (errors) {
  // Jupyter shows kernel stderr in its log; the notebook then runs on the last good build.
  process.stderr.write(`[guardrails-ts] build of src/ failed, using the previous dist/:\n${errors}`);
}

// tslab and zeromq as installed need three fixes to behave as a Jupyter kernel should.
applyKernelPatches(require);

const { startKernel } = require("tslab/dist/main.js");
startKernel({ configPath: process.argv[2], enableFindLocal: false });
