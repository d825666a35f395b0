/**
 * The executed report's charts (of the suite's one run of the notebook), checked
 * as rendered: every time-series chart's data spans at least half of its x axis,
 * none shows data from before its task began, every chart draws offline – also
 * in a report built after the first chart output was deleted – and the
 * screenshots a reader would look at.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exportHtml } from "../../src/report/jupyter";
import { CHROMIUM, launchChromium, onlyFiles, watchedPage } from "../support/browser";
import { readNotebook, type Notebook } from "../support/notebook";
import { chartsSettled } from "../support/notebook-ui";
import { HEADLESS_JUPYTER, ROOT, type NotebookRun } from "../support/run-notebook";
import { sharedRun } from "../support/shared-run";
import { SCREENSHOTS } from "../support/ui-scenario";
import { describeWithTools } from "../support/tools";

/** When each task began: the earliest moment nbclient recorded for any of its cells (it records the kernel going busy). */
function taskStarts(nb: Notebook): Record<string, number> {
  const starts: Record<string, number> = {};
  for (const cell of nb.cells) {
    const times = Object.values(
      (cell.metadata as { execution?: Record<string, string> } | undefined)?.execution ?? {},
    ).map(Date.parse);
    if (times.length === 0) continue;
    for (const tag of cell.metadata?.tags ?? []) starts[tag] = Math.min(starts[tag] ?? Infinity, ...times);
  }
  return starts;
}

interface RenderedChart {
  title: string;
  tag: string;
  /** The x axis range, epoch ms (date axes only). */
  range: [number, number];
  /** First and last x with a value (bars and steps to the end of their period), epoch ms. */
  dataFrom: number;
  dataTo: number;
  /** End of the earliest period with something in it (a non-zero count or any average), epoch ms; null when all is empty. */
  firstActiveEnd: number | null;
}

describeWithTools([HEADLESS_JUPYTER, CHROMIUM], "the executed report's charts", () => {
  let dir: string;
  let run: NotebookRun;
  let nb: Notebook;
  beforeAll(async () => {
    mkdirSync(join(ROOT, "reports"), { recursive: true });
    dir = mkdtempSync(join(ROOT, "reports", "report-charts-"));
    run = await sharedRun("guardrails.ipynb");
    nb = readNotebook(join(run.outDir, "guardrails.ipynb"));
  }, 1_200_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fits every time series to its task: data over at least half the axis, nothing from before the task began", async () => {
    const starts = taskStarts(nb);
    const browser = await launchChromium();
    try {
      const { page, blocked, errors } = await watchedPage(browser, onlyFiles);
      await page.goto(`file://${join(run.outDir, "guardrails.html")}`);
      const settled = await chartsSettled(page);
      expect(settled.failed).toEqual([]);
      expect(settled.drawn).toBe(settled.outputs);
      const charts = await page.evaluate<RenderedChart[]>(`(() => {
        const ms = (x) => Date.parse(String(x).replace(" ", "T") + "Z");
        return Array.from(document.querySelectorAll(".guardrails-chart")).flatMap((el) => {
          const xaxis = el._fullLayout && el._fullLayout.xaxis;
          if (!xaxis || xaxis.type !== "date") return [];
          const cell = el.closest(".jp-Cell");
          const tag = cell ? (Array.from(cell.classList).find((c) => c.startsWith("celltag_")) || "").slice(8) : "";
          let dataFrom = Infinity, dataTo = -Infinity, firstActiveEnd = null;
          for (const trace of el._fullData) {
            if (!trace.x || trace.yaxis === "y" && trace.type === "scatter" && trace.mode === "lines" && trace.line && trace.line.width >= 10) continue;
            const xs = trace.x.map((x) => (x === null ? null : ms(x)));
            const step = xs.length > 1 ? Math.min(...xs.slice(1).map((x, i) => x - xs[i]).filter((d) => d > 0)) : 0;
            xs.forEach((x, i) => {
              const y = trace.y[i];
              if (x === null || y === null || y === undefined) return;
              const counted = trace.type === "bar" || (trace.line && trace.line.shape === "hv");
              // Bars and steps start at their period's start; other points sit in its middle.
              const periodEnd = trace.type === "bar" ? x + (Array.isArray(trace.width) ? trace.width[i] : step) : counted ? x + step : x + step / 2;
              dataFrom = Math.min(dataFrom, x);
              dataTo = Math.max(dataTo, trace.type === "bar" ? periodEnd : x);
              const active = counted ? y > 0 : true;
              if (active && (firstActiveEnd === null || periodEnd < firstActiveEnd)) firstActiveEnd = periodEnd;
            });
          }
          return [{ title: el.getAttribute("aria-label"), tag, range: xaxis.range.map(ms), dataFrom, dataTo, firstActiveEnd }];
        });
      })()`);
      // Task 1: five metric charts; Task 2: three timelines and five metric charts; Task 3: three overlays per shadow
      // (invocations, latency and 5XX errors, production against shadow).
      expect(charts.length).toBe(5 + 8 + 9);
      const tooNarrow = charts
        .filter((c) => (c.dataTo - c.dataFrom) / (c.range[1] - c.range[0]) < 0.5)
        .map((c) => c.title);
      expect(tooNarrow).toEqual([]);
      expect(charts.filter((c) => starts[c.tag] === undefined).map((c) => `${c.title} (tag "${c.tag}")`)).toEqual([]);
      // A period shows something from before its task began when all of it lies before the task's start.
      const early = charts
        .filter((c) => c.firstActiveEnd !== null && c.firstActiveEnd <= starts[c.tag]!)
        .map(
          (c) =>
            `${c.title}: a period ending ${new Date(c.firstActiveEnd!).toISOString()} ≤ ${new Date(starts[c.tag]!).toISOString()}`,
        );
      expect(early).toEqual([]);
      expect(blocked).toEqual([]);
      expect(errors).toEqual([]);

      mkdirSync(SCREENSHOTS, { recursive: true });
      const shoot = (prefix: string, file: string) =>
        page
          .locator(`.guardrails-chart[aria-label^="${prefix}"]`)
          .first()
          .screenshot({ path: join(SCREENSHOTS, file) });
      await shoot("Deployment weather-config-v2-1 → weather-config-v2-2", "report-timeline-v2-2.png");
      await shoot("Deployment weather-config-v1-1 → weather-config-v2-1", "report-timeline-v2-1.png");
      await shoot("ModelLatency (Average", "report-task1-model-latency.png");
      await shoot("Invocations (Sum", "report-task1-invocations.png");
      await shoot("Confusion matrices – weather-config-shadow-2", "report-confusion-shadow-2.png");
      await shoot("Confusion matrices – weather-config-shadow-1", "report-confusion-shadow-1.png");
      await shoot("ModelLatency: Production vs Shadow – weather-config-shadow-2", "report-shadow-2-latency.png");
      await page
        .locator('.guardrails-chart[aria-label^="Invocation5XXErrors (Sum"]')
        .nth(1)
        .screenshot({ path: join(SCREENSHOTS, "report-task2-5xx.png") });
    } finally {
      await browser.close();
    }
  });

  it("draws every chart of a report built after the first chart output was deleted", async () => {
    const edited: Notebook = JSON.parse(JSON.stringify(nb)) as Notebook;
    const withChart = edited.cells.find((c) =>
      (c.outputs ?? []).some((o) => JSON.stringify(o.data ?? {}).includes("guardrails-chart")),
    );
    expect(withChart).toBeDefined();
    const total = edited.cells
      .flatMap((c) => c.outputs ?? [])
      .filter((o) => JSON.stringify(o.data ?? {}).includes("guardrails-chart")).length;
    const first = withChart!.outputs!.findIndex((o) => JSON.stringify(o.data ?? {}).includes("guardrails-chart"));
    withChart!.outputs = withChart!.outputs!.filter((_, i) => i !== first);
    const out = join(dir, "edited");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "edited.ipynb"), JSON.stringify(edited));
    expect((await exportHtml(join(out, "edited.ipynb"), out)).code).toBe(0);
    const browser = await launchChromium();
    try {
      const { page, blocked } = await watchedPage(browser, onlyFiles);
      await page.goto(`file://${join(out, "edited.html")}`);
      const charts = await chartsSettled(page);
      expect(charts.failed).toEqual([]);
      expect(charts.outputs).toBe(total - 1);
      expect(charts.drawn).toBe(charts.outputs);
      expect(blocked).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
