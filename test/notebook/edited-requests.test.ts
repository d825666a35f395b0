import type { NotebookCell } from "../support/notebook";
import { cellsOf, cellsTagged, sourceTagged } from "../support/notebook";
import { composedDir, executedText, failureOf, GUARDRAILS, writeComposed } from "../support/composed";
import { HEADLESS_JUPYTER } from "../support/run-notebook";
import { describeWithTools } from "../support/tools";

/** The one cell a learner edits to change the deployment strategy. */
const DEPLOYMENT_CONFIG = sourceTagged(GUARDRAILS, "deployment-config");
const CANARY = 'CanarySize: { Type: "INSTANCE_COUNT", Value: 1 }';
const cell = (source: string): NotebookCell => ({
  cell_type: "code",
  metadata: {},
  source,
  outputs: [],
  execution_count: null,
});

describeWithTools([HEADLESS_JUPYTER], "editing a request in its cell and rerunning", () => {
  const folder = composedDir();
  afterAll(() => folder.remove());

  it("has one DeploymentConfig cell in Task 2, written out as the original's canary", () => {
    expect(cellsTagged(GUARDRAILS, "deployment-config")[0]?.metadata?.tags).toContain("task-2");
    expect(DEPLOYMENT_CONFIG).toContain("const deploymentConfig: DeploymentConfig = {");
    expect(DEPLOYMENT_CONFIG).toContain(`Type: "CANARY",\n      ${CANARY},`);
  });

  it("catches a misspelt member through the SDK's own types", async () => {
    const setup =
      'import type { DeploymentConfig } from "@aws-sdk/client-sagemaker";\nconst profile = { canaryBakeSeconds: 20, finalBakeSeconds: 10, maxExecutionSeconds: 600 };\nconst alarmNames: string[] = [];';
    const failure = await failureOf(
      writeComposed(folder.dir, "typo", [cell(setup), cell(DEPLOYMENT_CONFIG.replace("CanarySize", "CanarySise"))]),
    );
    expect(failure).toContain("Cell 2 of typo.ipynb failed");
    expect(failure).toMatch(/'CanarySise' does not exist in type 'TrafficRoutingConfig'/);
  }, 300_000);

  it("runs a LINEAR and a 34 % CAPACITY_PERCENT canary to the same verdicts", async () => {
    const linear = (s: string) =>
      s.replace(
        `Type: "CANARY",\n      ${CANARY},`,
        'Type: "LINEAR",\n      LinearStepSize: { Type: "CAPACITY_PERCENT", Value: 34 },',
      );
    const percent = (s: string) => s.replace(CANARY, 'CanarySize: { Type: "CAPACITY_PERCENT", Value: 34 }');
    expect(linear(DEPLOYMENT_CONFIG)).toContain('Type: "LINEAR"');
    expect(percent(DEPLOYMENT_CONFIG)).toContain('CanarySize: { Type: "CAPACITY_PERCENT", Value: 34 }');
    const cells = [
      ...cellsOf(GUARDRAILS, ["task-0", "task-1"]),
      ...cellsOf(GUARDRAILS, ["task-2"], linear),
      ...cellsOf(GUARDRAILS, ["task-2"], percent),
    ];
    const text = await executedText(writeComposed(folder.dir, "strategies", cells));
    expect(text).toContain('"LinearStepSize": { "Type": "CAPACITY_PERCENT", "Value": 34 }');
    expect(text).toContain('"CanarySize": { "Type": "CAPACITY_PERCENT", "Value": 34 }');
    expect(text.match(/✅ PROMOTED: weather-config-v2-1 is serving\./g)).toHaveLength(2);
    expect(
      text.match(/↩️ ROLLED BACK: requested weather-config-v2-2, but weather-config-v2-1 is attached\./g),
    ).toHaveLength(2);
    // The verdict's own line (the live status blocks show the FailureReason too, while DescribeEndpoint has it).
    expect(
      text.match(
        /\n {3}FailureReason: One or more configured alarm for automatic rollback deployment is in ALARM state: \[TestAlarm-5XXErrors-weather-prediction-endpoint\]\./g,
      ),
    ).toHaveLength(2);
    expect(text.match(/✅ PROMOTED: weather-config-v2-3 is serving\./g)).toHaveLength(2);
  }, 1_500_000);
});
