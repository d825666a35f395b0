import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { jupyterEnv, jupyterPython, KERNEL_NAME } from "../../src/report/jupyter";
import { readNotebook, stdoutText, type Notebook } from "../support/notebook";
import { HEADLESS_JUPYTER } from "../support/run-notebook";
import { describeWithTools } from "../support/tools";

const run = promisify(execFile);
const CLI = join(__dirname, "..", "..", "dist", "report", "run-notebook.js");

/** Runs a one-cell notebook with the project's kernel headless (npm start's engine); returns the executed notebook. */
async function runOneCell(name: string, source: string): Promise<Notebook> {
  const dir = mkdtempSync(join(tmpdir(), `guardrails-${name}-`));
  try {
    const nb = {
      cells: [{ cell_type: "code", id: name, metadata: {}, outputs: [], execution_count: null, source }],
      metadata: { kernelspec: { name: "guardrails-ts", display_name: "TypeScript", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(join(dir, `${name}.ipynb`), JSON.stringify(nb));
    await run(process.execPath, [CLI, join(dir, `${name}.ipynb`), "--out", dir], { timeout: 180_000 });
    return readNotebook(join(dir, `${name}.ipynb`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describeWithTools([HEADLESS_JUPYTER], "the project kernel", () => {
  it("delivers bursts of prints and display updates from concurrent callbacks, none lost", async () => {
    const source = [
      'import { newDisplay } from "tslab";',
      "const d = newDisplay();",
      "const all = await Promise.all(Array.from({ length: 400 }, async (_, i) => {",
      "  await new Promise((r) => setImmediate(r));",
      "  console.log(`line ${i}`);",
      "  d.html(`<b>${i}</b>`);",
      "}));",
    ].join("\n");
    const lines = stdoutText(await runOneCell("burst", source))
      .trim()
      .split("\n");
    expect(new Set(lines).size).toBe(400);
  }, 240_000);

  it("sends a chart as one output carrying the Plotly figure, its HTML and its title", async () => {
    const dist = join(__dirname, "..", "..", "dist");
    const source = [
      `const gr = require(${JSON.stringify(dist)});`,
      'gr.show({ data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }], layout: { title: { text: "Two bars" } } });',
    ].join("\n");
    const outputs = (await runOneCell("chart", source)).cells[0]?.outputs ?? [];
    expect(outputs).toHaveLength(1);
    const [output] = outputs;
    expect(output?.output_type).toBe("display_data");
    expect(Object.keys(output?.data ?? {}).sort()).toEqual([
      "application/vnd.plotly.v1+json",
      "text/html",
      "text/plain",
    ]);
    // A +json MIME type is stored as JSON, not as text.
    expect((output?.data as Record<string, unknown> | undefined)?.["application/vnd.plotly.v1+json"]).toMatchObject({
      data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }],
      layout: { title: { text: "Two bars" } },
      config: { displaylogo: false },
    });
  }, 240_000);

  it("keeps a comm_open from the UI out of the running cell's output", async () => {
    const { stdout } = await run(jupyterPython() ?? "python3", [join(__dirname, "kernel_comm_open.py"), KERNEL_NAME], {
      env: jupyterEnv(),
      timeout: 180_000,
    });
    const texts = JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]") as string[];
    expect(texts.join("")).toBe("cell done\n");
  }, 180_000);
});
