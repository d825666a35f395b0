import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cellsTagged, cellText, composeNotebook, readNotebook, type Notebook } from "../support/notebook";
import { freePort } from "../support/ports";
import { ROOT, runNotebook } from "../support/run-notebook";

const notebook = readNotebook(join(ROOT, "notebooks", "guardrails.ipynb"));
const DIST = join(ROOT, "dist");

/** Writes a notebook made of the tagged tasks in order, each code cell of a task once per mention. */
function composed(dir: string, name: string, tasks: string[]): string {
  const path = join(dir, `${name}.ipynb`);
  writeFileSync(path, JSON.stringify(composeNotebook(notebook, tasks.flatMap((t) => cellsTagged(notebook, t)), DIST)));
  return path;
}

const outputText = (nb: Notebook): string => nb.cells.map(cellText).join("\n");

describe("rerunning tasks", () => {
  let dir: string;
  beforeAll(() => {
    // Inside the checkout (ignored .state/): the kernel resolves node_modules from the notebook's folder upwards.
    mkdirSync(join(ROOT, ".state"), { recursive: true });
    dir = mkdtempSync(join(ROOT, ".state", "reruns-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs every task twice in a row in one kernel: reuse, never a duplicate-name error", async () => {
    const path = composed(dir, "twice", ["task-0", "task-0", "task-1", "task-1", "alarms", "alarms", "task-2", "task-2", "task-3", "task-3", "task-4", "task-4"]);
    const run = await runNotebook(path);
    const text = outputText(readNotebook(join(run.outDir, "twice.ipynb")));
    expect(text).toContain("✔️ present  s3://");
    expect(text).toContain("✅ reused Model 1");
    expect(text).toContain("Endpoint is InService on weather-config-v1-1 (reused).");
    expect(text.match(/✅ PROMOTED: weather-config-v2-3 is serving\./g)).toHaveLength(2);
    expect(text.match(/↩️ ROLLED BACK: requested weather-config-v2-2/g)).toHaveLength(2);
    expect(text.match(/weather-config-shadow-3: 877 requests, 0 production errors/g)).toHaveLength(2);
    expect(text).not.toMatch(/Cannot create already existing/);
  }, 1_200_000);

  it("runs Task 2 alone after a kernel restart, on the state the first kernel left", async () => {
    const stateDir = mkdtempSync(join(dir, "state-"));
    const port = await freePort();
    await runNotebook(composed(dir, "first", ["task-0", "task-1", "alarms"]), { stateDir, port });
    const run = await runNotebook(composed(dir, "second", ["task-0", "task-2"]), { stateDir, port });
    const text = outputText(readNotebook(join(run.outDir, "second.ipynb")));
    expect(text).toContain("✔️ present  s3://");
    expect(text).toContain("✅ PROMOTED: weather-config-v2-1 is serving.");
    expect(text).toContain("↩️ ROLLED BACK: requested weather-config-v2-2");
    expect(text).toContain("✅ PROMOTED: weather-config-v2-3 is serving.");
  }, 1_200_000);
});
