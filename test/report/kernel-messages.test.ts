import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { jupyterEnv, jupyterPython, KERNEL_NAME } from "../../src/report/jupyter";
import { readNotebook, stdoutText } from "../support/notebook";
import { HEADLESS_JUPYTER } from "../support/run-notebook";
import { describeWithTools } from "../support/tools";

const run = promisify(execFile);
const CLI = join(__dirname, "..", "..", "dist", "report", "run-notebook.js");

describeWithTools([HEADLESS_JUPYTER], "the project kernel", () => {
  it("delivers bursts of prints and display updates from concurrent callbacks, none lost", async () => {
    const dir = mkdtempSync(join(tmpdir(), "guardrails-burst-"));
    try {
      const source = [
        'import { newDisplay } from "tslab";',
        "const d = newDisplay();",
        "const all = await Promise.all(Array.from({ length: 400 }, async (_, i) => {",
        "  await new Promise((r) => setImmediate(r));",
        "  console.log(`line ${i}`);",
        "  d.html(`<b>${i}</b>`);",
        "}));",
      ].join("\n");
      const nb = {
        cells: [{ cell_type: "code", id: "burst", metadata: {}, outputs: [], execution_count: null, source }],
        metadata: { kernelspec: { name: "guardrails-ts", display_name: "TypeScript", language: "typescript" } },
        nbformat: 4,
        nbformat_minor: 5,
      };
      writeFileSync(join(dir, "burst.ipynb"), JSON.stringify(nb));
      await run(process.execPath, [CLI, join(dir, "burst.ipynb"), "--out", dir], { timeout: 180_000 });
      const lines = stdoutText(readNotebook(join(dir, "burst.ipynb")))
        .trim()
        .split("\n");
      expect(new Set(lines).size).toBe(400);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps a comm_open from the UI out of the running cell's output", async () => {
    const { stdout } = await run(jupyterPython() ?? "python3", [join(__dirname, "kernel_comm_open.py"), KERNEL_NAME], {
      env: jupyterEnv(),
      timeout: 180_000,
    });
    const texts = JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]") as string[];
    expect(texts.join("")).toBe("cell done\n");
  }, 180_000);
});
