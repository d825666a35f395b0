import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LOCAL_EMULATOR } from "../../src/aws/clients";
import { CHROMIUM, launchChromium, onlyFiles, watchedPage } from "../support/browser";
import { cellsTagged, cellText, readNotebook, type Notebook } from "../support/notebook";
import { HEADLESS_JUPYTER, ROOT, type NotebookRun } from "../support/run-notebook";
import { sharedRun } from "../support/shared-run";
import { describeWithTools } from "../support/tools";

const ARTIFACTS = join(ROOT, "reports", "test-artifacts");
const tuning = JSON.parse(readFileSync(join(ROOT, "data", "tuning-jobs.json"), "utf8")) as {
  version1: { test_accuracy: number };
  version2: { test_accuracy: number };
};
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

describeWithTools([HEADLESS_JUPYTER, CHROMIUM], "the notebook, end to end on the local emulator", () => {
  let run: NotebookRun;
  let nb: Notebook;
  const text = (tag: string): string => cellsTagged(nb, tag).map(cellText).join("\n");

  beforeAll(async () => {
    run = await sharedRun("guardrails.ipynb");
    nb = readNotebook(join(run.outDir, "guardrails.ipynb"));
  }, 900_000);

  it("Task 0 stages the data and shows the payloads, the resource names and the model-selection table", () => {
    const t = text("task-0");
    expect(t).toContain("Loaded 877 test payloads from s3://");
    expect(t).toContain(
      "Model URI 1: s3://sagemaker-guardrails-local/sagemaker/RealTime-Weather-Deployment-Guardrails-Canary/005-model.tar.gz",
    );
    expect(t).toContain("weather-config-shadow-3");
    expect(t).toMatch(/005[\s\S]*version 1/);
  });

  it("Task 1 brings the endpoint InService on v1-1 and answers every test request", () => {
    const t = text("task-1");
    expect(t).toContain(
      "✅ Created Model weather-model-v1-3: arn:aws:sagemaker:us-east-1:000000000000:model/weather-model-v1-3",
    );
    expect(t).toContain("✅ Endpoint weather-prediction-endpoint is InService on weather-config-v1-1 (created).");
    expect(t).toMatch(/sent\s+ok\s+errors[\s\S]*?100\s+100\s+0/);
  });

  it("Task 2 promotes v2-1 and v2-3 and rolls v2-2 back on the 5XX alarm", () => {
    const t = text("task-2");
    expect(t).toContain("✅ PROMOTED: weather-config-v2-1 is serving.");
    expect(t).toContain("↩️ ROLLED BACK: requested weather-config-v2-2, but weather-config-v2-1 is attached.");
    expect(t).toContain(
      "FailureReason: One or more configured alarm for automatic rollback deployment is in ALARM state: [TestAlarm-5XXErrors-weather-prediction-endpoint].",
    );
    expect(t).toContain("✅ PROMOTED: weather-config-v2-3 is serving.");
    expect(t).toMatch(/RollingBack/);
    expect(t).toMatch(
      /TestAlarm-5XXErrors-weather-prediction-endpoint\s+Invocation5XXErrors\s+Sum\s+10\s+GreaterThanOrEqualToThreshold 1/,
    );
  });

  it("shows every request that creates, changes or deletes something, in the cell that sends it", () => {
    const requestsShown = (op: string): number =>
      nb.cells
        .flatMap((c) => c.outputs ?? [])
        .filter((o) => new RegExp(`guardrails-request">${op}[\n ]`).test((o.data?.["text/html"] ?? "").toString()))
        .length;
    expect({
      CreateBucket: requestsShown("CreateBucket"),
      PutObject: requestsShown("PutObject"),
      CreateModel: requestsShown("CreateModel"),
      CreateEndpointConfig: requestsShown("CreateEndpointConfig"),
      CreateEndpoint: requestsShown("CreateEndpoint"),
      PutMetricAlarm: requestsShown("PutMetricAlarm"),
      UpdateEndpoint: requestsShown("UpdateEndpoint"),
      DeleteEndpoint: requestsShown("DeleteEndpoint"),
      DeleteEndpointConfig: requestsShown("DeleteEndpointConfig"),
      DeleteModel: requestsShown("DeleteModel"),
      DeleteAlarms: requestsShown("DeleteAlarms"),
      // One per page of 1,000 capture files.
      DeleteObjects: Math.min(1, requestsShown("DeleteObjects")),
    }).toEqual({
      CreateBucket: 1,
      PutObject: 4,
      CreateModel: 9,
      CreateEndpointConfig: 9,
      CreateEndpoint: 1,
      PutMetricAlarm: 3,
      // back to v1-1, three canaries, three shadow configs
      UpdateEndpoint: 7,
      DeleteEndpoint: 1,
      DeleteEndpointConfig: 9,
      DeleteModel: 9,
      DeleteAlarms: 1,
      DeleteObjects: 1,
    });
    const report = readFileSync(join(run.outDir, "guardrails.html"), "utf8");
    for (const member of [
      "UpdateEndpointCommandInput",
      "DeploymentConfig",
      "BlueGreenUpdatePolicy",
      "TrafficRoutingConfiguration",
      "CanarySize",
      "WaitIntervalInSeconds",
      "AutoRollbackConfiguration",
      "PutMetricAlarmCommandInput",
      "ShadowProductionVariants",
      "DataCaptureConfig",
      "MetricsConfig",
    ]) {
      expect(report.split(member).length - 1, member).toBeGreaterThanOrEqual(2);
    }
  });

  it("Task 3 compares three shadows on the whole test set, reproducing the tuning table's accuracies", () => {
    const t = text("task-3");
    for (const k of [1, 2, 3])
      expect(t).toContain(`weather-config-shadow-${k}: 877 requests, 0 production errors seen by the caller.`);
    expect(t.match(new RegExp(`production accuracy ${pct(tuning.version1.test_accuracy)}`, "g"))).toHaveLength(3);
    expect(t.match(new RegExp(`shadow accuracy ${pct(tuning.version2.test_accuracy)}`, "g"))).toHaveLength(2);
    // The v2-2 shadow (XGBoost image, linear-learner artifact) fails every copy, invisibly to callers.
    expect(t).toContain("shadow accuracy n/a – all 877 requests failed · shadow errors 877");
  });

  it("shows a loop's first request in full and each further one in one line naming what differs", () => {
    const shown = (op: string): string[] =>
      nb.cells
        .flatMap((c) => c.outputs ?? [])
        .map((o) => (o.data?.["text/html"] ?? "").toString())
        .filter((h) => h.includes(`guardrails-request">${op}`));
    const models = shown("CreateModel");
    expect(models.filter((h) => h.includes(`>CreateModel\n`))).toHaveLength(3); // one per cell: v1, v2, shadow
    expect(models.filter((h) => /CreateModel ModelName: &quot;weather-model-v1-2&quot;/.test(h))).toHaveLength(1);
  });

  it("echoes no raw result object under any cell", () => {
    expect(nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "execute_result")).toEqual([]);
  });

  it("tells the deployments' story in the verdicts: duration from the request, LastDeploymentConfig on rollback", () => {
    const t = text("task-2");
    expect(t.match(/duration from UpdateEndpoint: [\d.]+ s/g)).toHaveLength(3);
    expect(t).toContain(
      "LastDeploymentConfig (DescribeEndpoint): BlueGreen CANARY 1 instance(s), WaitIntervalInSeconds 20",
    );
  });

  it("ends `npm start` with the outcomes: three verdicts, three shadow tests and the cleanup", () => {
    const outcomes = run.stderr.slice(run.stderr.indexOf("Outcomes:"));
    expect(outcomes.match(/✅ PROMOTED|↩️ ROLLED BACK/g)).toHaveLength(3);
    expect(outcomes.match(/🔍 Shadow test weather-config-shadow-\d/g)).toHaveLength(3);
    expect(outcomes).toMatch(/🧹 Cleanup: \d+ deleted/);
    // Each cell is named by its own title, not by a line of code.
    expect(run.stderr).not.toContain("for (const k of [1, 2, 3]) {");
  });

  it("Task 4 deletes every resource and confirms it", () => {
    const t = text("task-4");
    expect(t).toMatch(/Endpoint\s+1\s+1\s+1\s+1/);
    expect(t).toMatch(/EndpointConfig\s+9\s+9\s+9\s+9/);
    expect(t).toMatch(/Model\s+9\s+9\s+9\s+9/);
    expect(t).toMatch(/CloudWatch alarm\s+3\s+3\s+3\s+3/);
  });

  it("shows no secret in the executed notebook or the report", () => {
    for (const file of ["guardrails.ipynb", "guardrails.html"]) {
      const content = readFileSync(join(run.outDir, file), "utf8");
      expect(content).not.toContain(LOCAL_EMULATOR.credentials.secretAccessKey);
      expect(content).not.toMatch(/aws_secret_access_key|SecretAccessKey/i);
    }
  });

  it("writes a report whose every chart renders with data, offline and without console errors", async () => {
    const browser = await launchChromium();
    try {
      const { page, blocked, errors } = await watchedPage(browser, onlyFiles);
      await page.goto(`file://${join(run.outDir, "guardrails.html")}`);
      const charts = page.locator(".guardrails-chart");
      const count = await charts.count();
      expect(count).toBeGreaterThan(20);
      await page.waitForFunction(
        (n) => document.querySelectorAll(".guardrails-chart svg.main-svg").length >= n,
        count,
        { timeout: 60_000 },
      );
      const empty = await page.$$eval(".guardrails-chart", (els) =>
        els
          .filter((el) => el.querySelectorAll(".trace, .hm, .heatmaplayer image").length === 0)
          .map((el) => el.getAttribute("aria-label")),
      );
      expect(empty).toEqual([]);
      const untitled = await page.$$eval(
        ".guardrails-chart",
        (els) => els.filter((el) => !el.querySelector(".gtitle")?.textContent).length,
      );
      expect(untitled).toBe(0);
      expect(blocked).toEqual([]);
      expect(errors).toEqual([]);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page
        .locator('.guardrails-chart[aria-label^="Deployment weather-config-v2-1 → weather-config-v2-2"]')
        .screenshot({ path: join(ARTIFACTS, "canary-timeline.png") });
      await page
        .locator('.guardrails-chart[aria-label^="Prediction quality – weather-config-shadow-2"]')
        .screenshot({ path: join(ARTIFACTS, "shadow-comparison.png") });
    } finally {
      await browser.close();
    }
  });
});
