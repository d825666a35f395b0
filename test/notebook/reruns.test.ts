import { CreateModelCommand, DescribeModelCommand } from "@aws-sdk/client-sagemaker";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCAL_EMULATOR, makeClients } from "../../src/clients";
import { PROJECT_TAG } from "../../src/config";
import { startEmulator } from "../../src/emulator/server";
import { cellsTagged, cellText, composeNotebook, readNotebook, type Notebook, type NotebookCell } from "../support/notebook";
import { ROOT, runNotebook } from "../support/run-notebook";

const notebook = readNotebook(join(ROOT, "notebooks", "guardrails.ipynb"));
const DIST = join(ROOT, "dist");
const joined = (s: string | string[]): string => (Array.isArray(s) ? s.join("") : s);

/** The cells of the tagged tasks in order, each task's cells once per mention, with `edit` applied to every cell's source. */
function cellsOf(tasks: string[], edit: (source: string) => string = (s) => s): NotebookCell[] {
  return tasks.flatMap((t) => cellsTagged(notebook, t)).map((c) => ({ ...c, source: edit(joined(c.source)) }));
}

function write(dir: string, name: string, cells: NotebookCell[]): string {
  const path = join(dir, `${name}.ipynb`);
  writeFileSync(path, JSON.stringify(composeNotebook(notebook, cells, DIST)));
  return path;
}

const outputText = (nb: Notebook): string => nb.cells.map(cellText).join("\n");
const executed = async (path: string, stateDir?: string): Promise<string> => {
  const run = await runNotebook(path, { stateDir });
  return outputText(readNotebook(join(run.outDir, path.split("/").pop() ?? "")));
};

/** The one cell a learner edits to change the deployment strategy. */
const DEPLOYMENT_CONFIG = joined((cellsTagged(notebook, "deployment-config")[0] as NotebookCell).source);
const CANARY = 'CanarySize: { Type: "INSTANCE_COUNT", Value: 1 }';

describe("rerunning and editing tasks", () => {
  let dir: string;
  beforeAll(() => {
    // Inside the checkout (ignored .state/): the kernel resolves node_modules from the notebook's folder upwards.
    mkdirSync(join(ROOT, ".state"), { recursive: true });
    dir = mkdtempSync(join(ROOT, ".state", "reruns-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("has one DeploymentConfig cell, written out as the original's canary", () => {
    expect(cellsTagged(notebook, "deployment-config")).toHaveLength(1);
    expect(DEPLOYMENT_CONFIG).toContain(CANARY);
    expect(DEPLOYMENT_CONFIG).toContain("const deploymentConfig: DeploymentConfig = {");
  });

  it("runs every task twice in a row in one kernel: reuse, never a duplicate-name error", async () => {
    const text = await executed(write(dir, "twice", cellsOf(["task-0", "task-0", "task-1", "task-1", "task-2", "task-2", "task-3", "task-3", "task-4", "task-4"])));
    expect(text).toContain("holds the same bytes: not uploaded again.");
    expect(text).toContain("♻️ Model weather-model-v1-1 exists and matches the request: reused");
    expect(text).toContain("♻️ EndpointConfig weather-config-shadow-3 exists and matches the request: reused");
    expect(text).toContain("♻️ Endpoint weather-prediction-endpoint is InService on weather-config-v1-1: reused.");
    expect(text.match(/✅ PROMOTED: weather-config-v2-3 is serving\./g)).toHaveLength(2);
    expect(text.match(/↩️ ROLLED BACK: requested weather-config-v2-2/g)).toHaveLength(2);
    expect(text.match(/weather-config-shadow-3: 877 requests, 0 production errors/g)).toHaveLength(2);
    expect(text).toContain("🗑️ Model weather-model-v1-1: already absent, confirmed gone.");
    expect(text).not.toMatch(/Cannot create already existing|replaced/);
  }, 1_500_000);

  it("runs Task 2, then Task 3, then Task 4 each alone after a kernel restart, from its own first cell", async () => {
    const stateDir = mkdtempSync(join(dir, "state-"));
    await executed(write(dir, "first", cellsOf(["task-0", "task-1"])), stateDir);
    const task2 = await executed(write(dir, "task2", cellsOf(["task-2"])), stateDir);
    expect(task2).toContain("✅ PROMOTED: weather-config-v2-1 is serving.");
    expect(task2).toContain("↩️ ROLLED BACK: requested weather-config-v2-2");
    expect(task2).toContain("✅ PROMOTED: weather-config-v2-3 is serving.");
    const task3 = await executed(write(dir, "task3", cellsOf(["task-3"])), stateDir);
    for (const k of [1, 2, 3]) expect(task3).toContain(`weather-config-shadow-${k}: 877 requests, 0 production errors seen by the caller.`);
    const task4 = await executed(write(dir, "task4", cellsOf(["task-4"])), stateDir);
    expect(task4).toMatch(/Endpoint\s+1\s+1\s+1\s+1/);
    expect(task4).toMatch(/Model\s+9\s+9\s+9\s+9/);
  }, 1_500_000);

  it("tells a learner who starts with Task 2 on a fresh emulator to run Task 1 first, in one line", async () => {
    const failure = await runNotebook(write(dir, "task2-alone", cellsOf(["task-2"]))).then(
      () => undefined,
      (e: { stderr?: string }) => e.stderr ?? "",
    );
    expect(failure).toBeDefined();
    const error = (failure ?? "").split("---- error ----\n")[1]?.trim() ?? "";
    expect(error).toBe("❌ Task 2 needs the endpoint weather-prediction-endpoint, which does not exist: run Task 1 first.");
  }, 300_000);

  it("catches a misspelt member of the edited DeploymentConfig through the SDK's own types", async () => {
    const typo = DEPLOYMENT_CONFIG.replace("CanarySize", "CanarySise");
    const cell = (source: string): NotebookCell => ({ cell_type: "code", metadata: {}, source, outputs: [], execution_count: null });
    const failure = await runNotebook(
      write(dir, "typo", [
        cell('import type { DeploymentConfig } from "@aws-sdk/client-sagemaker";\nconst profile = { canaryBakeSeconds: 20, finalBakeSeconds: 10, maxExecutionSeconds: 600 };\nconst alarmNames: string[] = [];'),
        cell(typo),
      ]),
    ).then(
      () => "",
      (e: { stderr?: string }) => e.stderr ?? "",
    );
    expect(failure).toContain("Cell 2 of typo.ipynb failed");
    expect(failure).toMatch(/'CanarySise' does not exist in type 'TrafficRoutingConfig'/);
  }, 300_000);

  it("runs a LINEAR and a 34 % CAPACITY_PERCENT canary, edited into the DeploymentConfig cell, to the same verdicts", async () => {
    const linear = (s: string) => s.replace(`Type: "CANARY",\n      ${CANARY},`, 'Type: "LINEAR",\n      LinearStepSize: { Type: "CAPACITY_PERCENT", Value: 34 },');
    const percent = (s: string) => s.replace(CANARY, 'CanarySize: { Type: "CAPACITY_PERCENT", Value: 34 }');
    expect(linear(DEPLOYMENT_CONFIG)).toContain('Type: "LINEAR"');
    expect(percent(DEPLOYMENT_CONFIG)).toContain('Value: 34 }');
    const text = await executed(write(dir, "strategies", [...cellsOf(["task-0", "task-1"]), ...cellsOf(["task-2"], linear), ...cellsOf(["task-2"], percent)]));
    expect(text).toContain('"Type": "LINEAR"');
    expect(text).toContain('"Type": "CAPACITY_PERCENT"');
    expect(text.match(/✅ PROMOTED: weather-config-v2-1 is serving\./g)).toHaveLength(2);
    expect(text.match(/↩️ ROLLED BACK: requested weather-config-v2-2, but weather-config-v2-1 is attached\./g)).toHaveLength(2);
    expect(text.match(/FailureReason: One or more configured alarm for automatic rollback deployment is in ALARM state: \[TestAlarm-5XXErrors-weather-prediction-endpoint\]\./g)).toHaveLength(2);
    expect(text.match(/✅ PROMOTED: weather-config-v2-3 is serving\./g)).toHaveLength(2);
  }, 1_500_000);

  it("a headless run leaves the resources of an emulator on the default port alone", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "guardrails-ui-emulator-"));
    // Stands for the emulator a notebook open in the UI started on the port the kernel looks at.
    const other = await startEmulator({ port: 0, stateDir, credentials: [LOCAL_EMULATOR.credentials] });
    try {
      const clients = makeClients({ region: other.region, endpoint: other.url, credentials: LOCAL_EMULATOR.credentials });
      await clients.s3.send(new CreateBucketCommand({ Bucket: "ui-bucket" }));
      await clients.s3.send(new PutObjectCommand({ Bucket: "ui-bucket", Key: "m.tar.gz", Body: readFileSync(join(ROOT, "data", "005-model.tar.gz")) }));
      await clients.sagemaker.send(
        new CreateModelCommand({
          ModelName: "weather-model-v1-1",
          PrimaryContainer: { Image: "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1", ModelDataUrl: "s3://ui-bucket/m.tar.gz" },
          ExecutionRoleArn: "arn:aws:iam::000000000000:role/r",
          Tags: [PROJECT_TAG],
        }),
      );
      const port = new URL(other.url).port;
      const run = await runNotebook(write(dir, "cleanup-only", cellsOf(["task-0", "task-4"])), { extra: { GUARDRAILS_EMULATOR_PORT: port } });
      expect(run.stdout).toMatch(/Emulator: started this run's own at http:\/\/127\.0\.0\.1:\d+/);
      expect(run.stdout).not.toContain(other.url);
      const text = outputText(readNotebook(join(run.outDir, "cleanup-only.ipynb")));
      expect(text).toContain("🗑️ Model weather-model-v1-1: already absent, confirmed gone.");
      await expect(clients.sagemaker.send(new DescribeModelCommand({ ModelName: "weather-model-v1-1" }))).resolves.toMatchObject({ ModelName: "weather-model-v1-1" });
    } finally {
      await other.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 300_000);
});
