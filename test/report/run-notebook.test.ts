import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PLOTLY_BUNDLE_PATH } from "../../src/view/charts/plotly-bundle";
import { CHROMIUM, launchChromium, onlyFiles, watchedPage } from "../support/browser";
import { htmlOutputs, readNotebook, stdoutText } from "../support/notebook";
import { HEADLESS_JUPYTER } from "../support/run-notebook";
import { describeWithTools } from "../support/tools";

const run = promisify(execFile);
const CLI = join(__dirname, "..", "..", "dist", "report", "run-notebook.js");
const NOTEBOOK = join(__dirname, "..", "fixtures", "smoke.ipynb");

describeWithTools(
  [HEADLESS_JUPYTER, CHROMIUM],
  "the headless notebook run (npm start's runner, on the smoke notebook)",
  () => {
    let out: string;
    let stdout: string;

    beforeAll(async () => {
      out = mkdtempSync(join(tmpdir(), "guardrails-report-"));
      ({ stdout } = await run(process.execPath, [CLI, NOTEBOOK, "--out", out], { timeout: 600_000 }));
    });
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    it("names the executed notebook and the report it wrote", () => {
      expect(stdout).toContain(join(out, "smoke.ipynb"));
      expect(stdout).toContain(join(out, "smoke.html"));
    });

    it("executes the cells through the project's tslab kernel", () => {
      const nb = readNotebook(join(out, "smoke.ipynb"));
      expect(nb.metadata.kernelspec?.name).toBe("guardrails-ts");
      expect(nb.cells.filter((c) => c.cell_type === "code").every((c) => typeof c.execution_count === "number")).toBe(
        true,
      );
      // The helper's value: five runtime components, printed as the cell's last expression.
      expect(stdoutText(nb).trim()).toBe("5");
    });

    it("shows the helper's danfo table as an HTML table and a Plotly chart container", () => {
      const html = htmlOutputs(readNotebook(join(out, "smoke.ipynb")));
      const table = html.find((h) => h.includes("<table"));
      expect(table).toMatch(/<td style="text-align:left">tslab<\/td><td style="text-align:left">1\.0\.22<\/td>/);
      expect(html.some((h) => /<div id="plot-[0-9a-f-]+" class="guardrails-chart"/.test(h))).toBe(true);
    });

    it("keeps plotly.js out of the executed notebook and embeds it once in the report", () => {
      const bundle = readFileSync(PLOTLY_BUNDLE_PATH, "utf8");
      const marker = bundle.slice(1000, 1100);
      expect(htmlOutputs(readNotebook(join(out, "smoke.ipynb"))).join("\n")).not.toContain(marker);
      expect(readFileSync(join(out, "smoke.html"), "utf8").split(marker)).toHaveLength(2);
    });

    it("writes a report that references no CDN: no remote scripts, stylesheets, require.js or MathJax", () => {
      const report = readFileSync(join(out, "smoke.html"), "utf8");
      expect(report).not.toMatch(/<script[^>]+src=["']?https?:/i);
      expect(report).not.toMatch(/<link[^>]+href=["']?https?:/i);
      // The stock template loads these from cdnjs / unpkg.
      expect(report).not.toMatch(/require(\.min)?\.js|MathJax\.js|cdnjs\.cloudflare\.com|unpkg\.com/i);
    });

    it("renders the report's chart in headless Chromium with the network off", async () => {
      const browser = await launchChromium();
      try {
        const { page, blocked, errors } = await watchedPage(browser, onlyFiles);
        await page.goto(`file://${join(out, "smoke.html")}`);
        await page.waitForSelector(".guardrails-chart svg.main-svg", { timeout: 30_000 });
        const bars = await page.locator(".guardrails-chart .trace.bars .point").count();
        expect(bars).toBe(5);
        expect(await page.locator(".guardrails-chart .gtitle").textContent()).toBe("Major version per component");
        expect(blocked).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  },
);

describeWithTools([HEADLESS_JUPYTER], "a failing cell", () => {
  it("fails the run and names the cell and its error, even when the file holds stale outputs of a later cell", async () => {
    const dir = mkdtempSync(join(tmpdir(), "guardrails-failing-"));
    try {
      const nb = {
        cells: [
          { cell_type: "code", id: "a", metadata: {}, outputs: [], execution_count: null, source: "const ok = 1;" },
          {
            cell_type: "code",
            id: "b",
            metadata: {},
            outputs: [],
            execution_count: null,
            source: "const n: number = 'seven';",
          },
          {
            cell_type: "code",
            id: "c",
            metadata: {},
            outputs: [{ output_type: "stream", name: "stdout", text: "from an earlier run\n" }],
            execution_count: 7,
            source: "console.log('never reached');",
          },
        ],
        metadata: { kernelspec: { name: "guardrails-ts", display_name: "TypeScript", language: "typescript" } },
        nbformat: 4,
        nbformat_minor: 5,
      };
      writeFileSync(join(dir, "failing.ipynb"), JSON.stringify(nb));
      const out = join(dir, "out");
      const result = await run(process.execPath, [CLI, join(dir, "failing.ipynb"), "--out", out], {
        timeout: 300_000,
      }).then(
        () => ({ code: 0, stderr: "" }),
        (err: { code: number; stderr: string }) => err,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("Cell 2 of failing.ipynb failed");
      expect(result.stderr).toContain("const n: number = 'seven';");
      expect(result.stderr).toContain("Type 'string' is not assignable to type 'number'");
      // One line per cell: its title, then its time in one column.
      expect(result.stderr).toMatch(
        /\[ {2}1\/3\] const ok = 1; {50} +[\d ]{4}\.\d s\n\[ {2}2\/3\] const n: number = 'seven'; {38} +[\d ]{4}\.\d s {2}failed/,
      );
      const executed = readNotebook(join(out, "failing.ipynb"));
      expect(executed.cells[2]).toMatchObject({ outputs: [], execution_count: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
