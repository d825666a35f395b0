import { cellsOf } from "../support/notebook";
import { composedDir, executedText, GUARDRAILS, writeComposed } from "../support/composed";
import { HEADLESS_JUPYTER } from "../support/run-notebook";
import { describeWithTools } from "../support/tools";

describeWithTools([HEADLESS_JUPYTER], "rerunning every task", () => {
  const folder = composedDir();
  afterAll(() => folder.remove());

  it("runs every task twice in a row in one kernel: reuse, never a duplicate-name error", async () => {
    const tasks = ["task-0", "task-0", "task-1", "task-1", "task-2", "task-2", "task-3", "task-3", "task-4", "task-4"];
    const text = await executedText(writeComposed(folder.dir, "twice", cellsOf(GUARDRAILS, tasks)));
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
});
