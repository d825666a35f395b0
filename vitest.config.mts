import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The reliability suite runs on its own, one file at a time (npm run test:reliability).
    exclude: ["test/reliability/**", "**/node_modules/**"],
    globals: true,
    // The pinned SDK runs on Node 20; its notice about future releases only clutters test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Servers and kernels are real processes; two cores are shared between them.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
