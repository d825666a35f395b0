/**
 * Suites that drive an outside tool (boto3, the AWS CLI, Jupyter, Chromium). CI installs every
 * tool (npm install's setup, `.ci/run` sets CI), so there a missing one fails the suite, naming
 * the tool and how to install it; elsewhere the suite is skipped, and the test summary says why.
 */
export interface Tool {
  /** What the suite needs, as a reader would look for it. */
  name: string;
  /** How to install it (a Debian command where there is one). */
  install: string;
  /** Whether it is there; asked once, when the suite is collected. */
  present(): boolean;
}

const inCi = (): boolean => !["", "0", "false"].includes(process.env.CI ?? "");

/** `describe(title, body)` when every tool is present; otherwise one test that fails (CI) or skips, giving the reason. */
export function describeWithTools(tools: readonly Tool[], title: string, body: () => void): void {
  const missing = tools.filter((tool) => !tool.present());
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  const reason = missing.map((tool) => `${tool.name} is missing (install: ${tool.install})`).join("; ");
  describe(title, () => {
    it(`needs ${missing.map((tool) => tool.name).join(" and ")}`, (ctx) => {
      if (inCi()) throw new Error(`${reason}. CI installs every tool the tests use, so a missing one fails the suite.`);
      ctx.skip(reason);
    });
  });
}
