/**
 * The CLI as the README starts it: `npm run emulator -- --help` prints the usage (every option,
 * with its default) and exits 0 without starting anything; an unknown option is one line naming
 * it, then the usage, exit 2 – never a stack trace.
 */
import { spawnSync } from "node:child_process";
import { ROOT } from "./support/fixtures";
import { report } from "./support/summary";

const OPTIONS = [
  "--port",
  "--host",
  "--state-dir",
  "--region",
  "--provisioning-delay-ms",
  "--invocation-timeout-ms",
  "--publication-delay-ms",
  "--instance-launch-ms",
  "--time-scale",
  "--verbose",
  "--help",
];
const tally = { commands: 0, usagePrinted: 0, stackTraces: 0 };

afterAll(() =>
  report({
    order: 12,
    title: "Command line",
    figures: {
      "commands run (npm run emulator -- …)": tally.commands,
      "  answered with the usage": tally.usagePrinted,
      "  stack traces printed": tally.stackTraces,
    },
  }),
);

const emulator = (...args: string[]) => {
  tally.commands++;
  const run = spawnSync("npm", ["run", "emulator", "--", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  if (/^\s+at /m.test(run.stderr)) tally.stackTraces++;
  if (/Usage: npm run emulator -- \[options\]/.test(run.stdout + run.stderr)) tally.usagePrinted++;
  return run;
};

describe("npm run emulator", () => {
  it("-- --help prints the usage with every option and exits 0 without starting", () => {
    const run = emulator("--help");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: npm run emulator -- [options]");
    for (const option of OPTIONS) expect(run.stdout).toContain(option);
    expect(run.stdout).toContain("(default 4599)");
    expect(run.stdout).not.toContain("listening on");
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it("-- --bogus names the option in one line, prints the usage and exits 2", () => {
    const run = emulator("--bogus");
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^emulator: Unknown option '--bogus'/m);
    expect(run.stderr).toContain("Usage: npm run emulator -- [options]");
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it.each(["0", "61", "2.5", "fast"])("-- --time-scale %s says the allowed scales in one line and exits 2", (scale) => {
    const run = emulator("--time-scale", scale);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `^emulator: --time-scale ${scale.replace(".", "\\.")}: use a whole number from 1 \\(real time\\) to 60`,
        "m",
      ),
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
