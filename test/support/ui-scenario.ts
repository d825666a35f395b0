/**
 * The browser scenario both Jupyter UIs must pass: open the notebook with the
 * project's kernel, run Task 0 and Task 1, restart the kernel, run Task 2
 * alone (its first cell reconnects), and check live status lines and that every chart
 * draws – live, after save and reload, in a new cell, and in the HTML export
 * opened offline.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { LOCAL_EMULATOR } from "../../src/aws/clients";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server";
import { CHROMIUM, launchChromium, onlyFiles, onlyLoopback, watchedPage } from "./browser";
import type { NotebookServer } from "./classic-notebook";
import { ROOT } from "./jupyter-server";
import { chartsSettled, section, type NotebookUi } from "./notebook-ui";
import { describeWithTools, type Tool } from "./tools";

export const SCREENSHOTS = join(ROOT, "reports", "screenshots");

export interface UiUnderTest {
  /** The Jupyter server the UI needs, unless it is installed on demand. */
  server?: Tool;
  start(folder: string, env: NodeJS.ProcessEnv): Promise<NotebookServer>;
  driver(page: Page): NotebookUi;
}

/** Charts each section shows: the tuning chart; five metric charts; three timelines and five metric charts. */
const TASK_0_1_CHARTS = 1 + 5;
const TASK_2_CHARTS = 3 + 5;

export function notebookUiScenario(title: string, ui: UiUnderTest): void {
  describeWithTools([CHROMIUM, ...(ui.server ? [ui.server] : [])], title, () => {
    let emulator: RunningEmulator;
    let server: NotebookServer;
    let stateDir: string;
    beforeAll(async () => {
      stateDir = mkdtempSync(join(tmpdir(), "guardrails-ui-state-"));
      // The emulator runs here, bound to a port of the OS's choosing; the kernel finds it listening there.
      emulator = await startEmulator({
        port: 0,
        stateDir,
        credentials: [LOCAL_EMULATOR.credentials],
        provisioningDelayMs: LOCAL_EMULATOR.provisioningDelayMs,
      });
      server = await ui.start("notebooks", {
        GUARDRAILS_TARGET: "local",
        GUARDRAILS_EMULATOR_URL: emulator.url,
        GUARDRAILS_STATE_DIR: stateDir,
      });
    }, 600_000);
    afterAll(async () => {
      await server?.stop();
      await emulator?.stop();
      rmSync(stateDir, { recursive: true, force: true });
    });

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
        await page
          .locator('.guardrails-chart[aria-label^="Deployment weather-config-v2-1 → weather-config-v2-2"]')
          .scrollIntoViewIfNeeded();
        await page
          .locator('.guardrails-chart[aria-label^="Deployment weather-config-v2-1 → weather-config-v2-2"]')
          .screenshot({ path: png("live-timeline") });

        // Save and reopen: the outputs' own scripts draw them again.
        await nb.save();
        await page.reload();
        await nb.ready();
        charts = await chartsSettled(page);
        expect(charts.failed).toEqual([]);
        expect(charts.outputs).toBe(TASK_0_1_CHARTS + TASK_2_CHARTS);
        expect(charts.drawn).toBe(charts.outputs);
        await page
          .locator('.guardrails-chart[aria-label^="Deployment weather-config-v2-1 → weather-config-v2-2"]')
          .screenshot({ path: png("reopened-timeline") });
        await page
          .locator('.guardrails-chart[aria-label^="ModelLatency (Average"]')
          .first()
          .screenshot({ path: png("reopened-task1-model-latency") });

        // A new chart cell in the reopened notebook.
        const added = await nb.appendCell(
          `gr.show({ data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }], layout: { title: { text: "A new cell's chart" } } });`,
        );
        await nb.run(added, added);
        const newChart = page.locator('.guardrails-chart[aria-label="A new cell\'s chart"] svg.main-svg');
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
          await offline.page
            .locator('.guardrails-chart[aria-label^="Deployment weather-config-v2-1 → weather-config-v2-2"]')
            .screenshot({ path: png("export-timeline") });
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
  });
}
