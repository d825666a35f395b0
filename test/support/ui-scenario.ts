/**
 * The browser scenario both Jupyter UIs must pass: open the notebook with the
 * project's kernel, run Task 0 and Task 1, restart the kernel, run Task 2
 * alone (its first cell reconnects), and check live status lines and that every chart
 * draws – live, after save and reload, in a new cell, and in the HTML export
 * opened offline.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { CHROMIUM, launchChromium, onlyFiles, onlyLoopback, watchedPage, type WatchedPage } from "./browser";
import type { NotebookServer } from "./classic-notebook";
import { ROOT } from "./jupyter-server";
import { CHART, chartIndex, chartsSettled, chartTitled, section, type NotebookUi } from "./notebook-ui";
import { describeWithTools, type Tool } from "./tools";
import { startUiEmulator, type UiEmulator } from "./ui-emulator";

export const SCREENSHOTS = join(ROOT, "reports", "test-artifacts");

export interface UiUnderTest {
  /** The command a user runs to start it. */
  command: string;
  /** The menu item that exports the notebook to HTML. */
  exportMenu: string;
  /** True when that menu asks whether to sanitize the HTML output (JupyterLab 4.6). */
  sanitizeQuestion: boolean;
  /** The Jupyter server the UI needs, unless it is installed on demand. */
  server?: Tool;
  start(folder: string, env: NodeJS.ProcessEnv): Promise<NotebookServer>;
  driver(page: Page): NotebookUi;
}

/** Charts each section shows: the tuning chart; five metric charts; three timelines and five metric charts. */
const TASK_0_1_CHARTS = 1 + 5;
const TASK_2_CHARTS = 3 + 5;
/** The timeline of the deployment the 5XX alarm rolls back. */
const ROLLBACK_TIMELINE = "Deployment weather-config-v2-1 → weather-config-v2-2";

export function notebookUiScenario(title: string, ui: UiUnderTest): void {
  describeWithTools([CHROMIUM, ...(ui.server ? [ui.server] : [])], title, () => {
    let emulator: UiEmulator;
    let server: NotebookServer;
    beforeAll(async () => {
      emulator = await startUiEmulator();
      server = await ui.start("notebooks", emulator.env);
    }, 600_000);
    afterAll(async () => {
      await server?.stop();
      await emulator?.stop();
    });

    it(`${ui.command} opens notebooks/guardrails.ipynb in the checkout it serves, with the project's kernel`, async () => {
      const browser = await launchChromium();
      try {
        const { page, blocked } = await watchedPage(browser, onlyLoopback);
        const nb = ui.driver(page);
        const committed = join(ROOT, "notebooks", "guardrails.ipynb");
        const before = readFileSync(committed, "utf8");
        await page.goto(server.launchUrl);
        await nb.ready();
        expect(await nb.path()).toBe("notebooks/guardrails.ipynb");
        expect(blocked).toEqual([]);
        // The scenario works on a scratch copy: this notebook's kernel is not needed, nor its tab.
        await nb.shutdownKernel();
        await nb.closeAll();
        expect(readFileSync(committed, "utf8")).toBe(before);
      } finally {
        await browser.close();
      }
    }, 600_000);

    it("runs Task 0 and 1, restarts, runs Task 2; every chart draws live, after reload, in a new cell and in the offline export", async () => {
      const browser = await launchChromium();
      mkdirSync(SCREENSHOTS, { recursive: true });
      try {
        const { page, blocked, errors } = await watchedPage(browser, onlyLoopback);
        const nb = ui.driver(page);
        const png = (name: string): string => join(SCREENSHOTS, `${nb.name}-${name}.png`);
        await page.goto(server.notebookUrl("guardrails.ipynb"));
        await nb.ready();
        const cells = await nb.cells();
        const runSection = async (heading: string): Promise<void> => {
          const { first, last } = section(cells, heading);
          await nb.run(first, last);
        };

        await runSection("## Task 0");
        await runSection("## Task 1");
        let charts = await chartsSettled(page);
        expect(charts.failed).toEqual([]);
        expect(charts.outputs).toBe(TASK_0_1_CHARTS);
        expect(charts.drawn).toBe(charts.outputs);

        // Task 2 alone after a restart: its first cell reconnects.
        await nb.restartKernel();
        const task2 = runSection("## Task 2");
        // A live status block is one output whose text changes, not a new output per poll.
        const live = page.locator(".guardrails-live", { hasText: "weather-config-v1-1 → weather-config-v2-1" });
        await live.first().waitFor({ timeout: 600_000 });
        const firstText = await live.first().textContent();
        await page.waitForFunction(
          (before) => {
            const blocks = Array.from(document.querySelectorAll(".guardrails-live")).filter((el) =>
              el.textContent?.includes("weather-config-v1-1 → weather-config-v2-1"),
            );
            return blocks.length === 1 && blocks[0]?.textContent !== before;
          },
          firstText,
          { timeout: 600_000, polling: 100 },
        );
        await task2;
        const finalBlock = (await live.first().textContent()) ?? "";
        expect(finalBlock.split("phases:")[1]?.split("→").length).toBeGreaterThanOrEqual(3);
        expect(await live.count()).toBe(1);

        charts = await chartsSettled(page);
        expect(charts.failed).toEqual([]);
        expect(charts.outputs).toBe(TASK_0_1_CHARTS + TASK_2_CHARTS);
        expect(charts.drawn).toBe(charts.outputs);
        expect(await page.locator(nb.stderrSelector).count()).toBe(0);
        const rollback = chartTitled(page, ROLLBACK_TIMELINE).first();
        await rollback.scrollIntoViewIfNeeded();
        await rollback.screenshot({ path: png("live-timeline") });
        const rollbackAt = await chartIndex(page, ROLLBACK_TIMELINE);
        const latencyAt = await chartIndex(page, "ModelLatency (Average");

        // Save and reopen: the outputs' own scripts draw them again.
        await nb.save();
        await page.reload();
        await nb.ready();
        charts = await chartsSettled(page);
        expect(charts.failed).toEqual([]);
        expect(charts.outputs).toBe(TASK_0_1_CHARTS + TASK_2_CHARTS);
        expect(charts.drawn).toBe(charts.outputs);
        await page
          .locator(CHART)
          .nth(rollbackAt)
          .screenshot({ path: png("reopened-timeline") });
        await page
          .locator(CHART)
          .nth(latencyAt)
          .screenshot({ path: png("reopened-task1-model-latency") });

        // A new chart cell in the reopened notebook.
        const added = await nb.appendCell(
          `gr.show({ data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }], layout: { title: { text: "A new cell's chart" } } });`,
        );
        await nb.run(added, added);
        const newChart = chartTitled(page, "A new cell's chart").locator("svg.main-svg");
        await newChart.first().waitFor({ timeout: 60_000 });
        expect(blocked).toEqual([]);
        expect(errors.filter((e) => !nb.ownNoise.test(e))).toEqual([]);

        // File → Save and Export Notebook As → HTML, opened with every non-file request refused.
        await nb.save();
        const exported = await page.request.get(server.htmlExportUrl("guardrails.ipynb"));
        expect(exported.status()).toBe(200);
        const dir = mkdtempSync(join(tmpdir(), "guardrails-export-"));
        try {
          writeFileSync(join(dir, "guardrails.html"), await exported.body());
          const offline = await watchedPage(browser, onlyFiles);
          await offline.page.goto(`file://${join(dir, "guardrails.html")}`);
          const exportedCharts = await chartsSettled(offline.page);
          expect(exportedCharts.failed).toEqual([]);
          expect(exportedCharts.outputs).toBe(TASK_0_1_CHARTS + TASK_2_CHARTS + 1);
          expect(exportedCharts.drawn).toBe(exportedCharts.outputs);
          expect(offline.blocked).toEqual([]);
          expect(offline.errors).toEqual([]);
          await chartTitled(offline.page, ROLLBACK_TIMELINE).screenshot({ path: png("export-timeline") });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      } catch (e) {
        // What the page showed when it failed, for the CI artifacts.
        await Promise.all(
          browser
            .contexts()
            .flatMap((c) => c.pages())
            .map((p, i) =>
              p
                .screenshot({ path: join(SCREENSHOTS, `failed-${title.replace(/\W+/g, "-")}-${i}.png`) })
                .catch(() => undefined),
            ),
        );
        throw e;
      } finally {
        await browser.close();
      }
    }, 1_800_000);

    // The notebook the scenario ran and saved, reopened in a fresh browser (trusted, as its user saved it: its
    // charts draw), and exported through the UI's own menu.
    const sanitizedToo = ui.sanitizeQuestion ? "; sanitized, each chart is one line saying how to get it" : "";
    it(`${ui.exportMenu} of the reopened notebook: every chart draws in the export opened offline${sanitizedToo}`, async () => {
      const browser = await launchChromium();
      mkdirSync(SCREENSHOTS, { recursive: true });
      const dir = mkdtempSync(join(tmpdir(), "guardrails-ui-export-"));
      try {
        const { page } = await watchedPage(browser, onlyLoopback);
        const nb = ui.driver(page);
        await page.goto(server.notebookUrl("guardrails.ipynb"));
        await nb.ready();
        const charts = await chartsSettled(page);
        expect(charts.failed).toEqual([]);
        expect(charts.outputs).toBe(TASK_0_1_CHARTS + TASK_2_CHARTS + 1);
        expect(charts.drawn).toBe(charts.outputs);

        /** The export the UI asked for, fetched with the server's token, opened with every non-file request refused. */
        const open = async (name: string, url: string): Promise<WatchedPage> => {
          expect(new URL(url).pathname).toBe(`/nbconvert/html/${server.notebookPath("guardrails.ipynb")}`);
          const exported = await page.request.get(server.withToken(url));
          expect(exported.status()).toBe(200);
          writeFileSync(join(dir, name), await exported.body());
          const offline = await watchedPage(browser, onlyFiles);
          await offline.page.goto(`file://${join(dir, name)}`);
          return offline;
        };

        const unsanitized = await nb.exportHtml(false);
        expect(new URL(unsanitized).searchParams.get("sanitize_html")).toBeNull();
        const drawn = await open("drawn.html", unsanitized);
        const exported = await chartsSettled(drawn.page);
        expect(exported.failed).toEqual([]);
        expect(exported.outputs).toBe(charts.outputs);
        expect(exported.drawn).toBe(exported.outputs);
        expect(drawn.blocked).toEqual([]);
        expect(drawn.errors).toEqual([]);
        await chartTitled(drawn.page, ROLLBACK_TIMELINE).screenshot({
          path: join(SCREENSHOTS, `${nb.name}-menu-export-timeline.png`),
        });

        // The classic Notebook exports as is: it has no sanitize question.
        if (!ui.sanitizeQuestion) return;
        const ticked = await nb.exportHtml(true);
        expect(new URL(ticked).searchParams.get("sanitize_html")).toBe("true");
        const sanitized = await open("sanitized.html", ticked);
        const lines = await sanitized.page.locator(".guardrails-chart-omitted").allInnerTexts();
        expect(lines).toHaveLength(charts.outputs);
        for (const line of lines) {
          expect(line).toMatch(
            /^Chart “.+” is not in this sanitized export: export again with “Sanitize HTML output” unticked\.$/,
          );
        }
        const text = await sanitized.page.locator("body").innerText();
        expect(text).not.toMatch(/newPlot|drawChart|function\s*\(|<\/?script|guardrails-chart/);
        expect(await sanitized.page.locator("svg.main-svg").count()).toBe(0);
        expect(sanitized.blocked).toEqual([]);
        await sanitized.page
          .locator(".guardrails-chart-omitted")
          .first()
          .screenshot({ path: join(SCREENSHOTS, `${nb.name}-sanitized-export-line.png`) });
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await browser.close();
      }
    }, 600_000);
  });
}
