import { defineConfig } from "vitest/config";
import SlowFilesFirst from "./test/support/suite/slow-files-first.mjs";

/** Files that start a kernel, a Jupyter server or a notebook run. */
const KERNEL_FILES = ["test/notebook/**/*.test.ts", "test/report/**/*.test.ts"];

const common = {
  globals: true,
  env: {
    // The pinned SDK runs on Node 20; its notice about future releases only clutters test output.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    // The kernels project's global setup builds dist/ for the run: kernels need not check src/ again at every start.
    GUARDRAILS_KERNEL_SKIP_BUILD: "1",
  },
  // A spec's time is not what it checks (figures come from `npm run bench`): on two cores shared with
  // kernels and browsers, a thousand uploads or a whole canary can take minutes.
  testTimeout: 180_000,
  hookTimeout: 600_000,
};

export default defineConfig({
  test: {
    // The reliability suite has its own config (npm run test:reliability); npm test runs it alongside this one.
    projects: [
      {
        test: {
          ...common,
          name: "kernels",
          include: KERNEL_FILES,
          // dist/ built once for every kernel of the run; notebooks read by several files run once.
          globalSetup: ["test/support/suite/build-once.mts", "test/support/suite/shared-runs-folder.mts"],
          // These files mostly wait (bakes, alarm periods, a browser): a notebook run keeps a quarter of a
          // core busy, so six at once, in a pool of their own (more only starve each other's timeouts).
          pool: "threads",
        },
      },
      {
        test: {
          ...common,
          name: "library",
          include: ["test/**/*.test.ts"],
          exclude: [...KERNEL_FILES, "test/reliability/**", "**/node_modules/**"],
          // Servers and clients are real processes and sockets: two files at a time, one per core.
          pool: "forks",
        },
      },
    ],
    // The two pools run side by side; each starts its slowest files first.
    sequence: { sequencer: SlowFilesFirst },
    poolOptions: { threads: { maxThreads: 6, minThreads: 1 }, forks: { maxForks: 2, minForks: 1 } },
  },
});
