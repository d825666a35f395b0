import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { cellsOf } from "../support/notebook";
import { composedDir, executedText, failureOf, GUARDRAILS, writeComposed } from "../support/composed";
import { HEADLESS_JUPYTER } from "../support/run-notebook";
import { describeWithTools } from "../support/tools";

describeWithTools([HEADLESS_JUPYTER], "any task on its own, from its own first cell", () => {
  const folder = composedDir();
  afterAll(() => folder.remove());
  const compose = (name: string, tasks: string[]): string =>
    writeComposed(folder.dir, name, cellsOf(GUARDRAILS, tasks));

  it("runs Task 2, then Task 3, then Task 4 each alone after a kernel restart", async () => {
    const stateDir = mkdtempSync(join(folder.dir, "state-"));
    await executedText(compose("first", ["task-0", "task-1"]), stateDir);
    const task2 = await executedText(compose("task2", ["task-2"]), stateDir);
    expect(task2).toContain("✅ PROMOTED: weather-config-v2-1 is serving.");
    expect(task2).toContain("↩️ ROLLED BACK: requested weather-config-v2-2");
    expect(task2).toContain("✅ PROMOTED: weather-config-v2-3 is serving.");
    const task3 = await executedText(compose("task3", ["task-3"]), stateDir);
    for (const k of [1, 2, 3])
      expect(task3).toContain(`weather-config-shadow-${k}: 877 requests, 0 production errors seen by the caller.`);
    const task4 = await executedText(compose("task4", ["task-4"]), stateDir);
    expect(task4).toMatch(/Endpoint\s+1\s+1\s+1\s+1/);
    expect(task4).toMatch(/Model\s+9\s+9\s+9\s+9/);
  }, 1_500_000);

  it("tells a learner who starts with Task 2 on a fresh emulator to run Task 1 first, in one line", async () => {
    const failure = await failureOf(compose("task2-alone", ["task-2"]));
    expect(failure).toContain("Cell 1 of task2-alone.ipynb failed");
    // The cell's error is one line; the runner's own last line follows it.
    const [error, next] = (failure.split("---- error ----\n")[1] ?? "").split("\n");
    expect(error).toBe(
      "❌ Task 2 needs the endpoint weather-prediction-endpoint, which does not exist: run Task 1 first.",
    );
    expect(next).toMatch(/^The notebook failed after [\d.]+ s; the partial run is in /);
  }, 300_000);
});
