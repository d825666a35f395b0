import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { CHROMIUM, launchChromium, onlyLoopback, watchedPage } from "../support/browser";
import type { NotebookServer } from "../support/classic-notebook";
import { checkoutKernelName, startPlainJupyterLab } from "../support/jupyterlab";
import { chartsSettled, jupyterLabUi, section } from "../support/notebook-ui";
import { describeWithTools } from "../support/tools";
import { startUiEmulator, type UiEmulator } from "../support/ui-emulator";
import { ROOT } from "../support/jupyter-server";
import { SCREENSHOTS } from "../support/ui-scenario";

/** The tuning chart of Task 0 and the five metric charts of Task 1. */
const TASK_0_1_CHARTS = 1 + 5;

describeWithTools([CHROMIUM], "the notebook in a plain `jupyter lab` started from the checkout's parent folder", () => {
  let emulator: UiEmulator;
  let server: NotebookServer;
  beforeAll(async () => {
    emulator = await startUiEmulator();
    server = await startPlainJupyterLab("notebooks", emulator.env);
  }, 600_000);
  afterAll(async () => {
    await server?.stop();
    await emulator?.stop();
  });

  it("runs Task 0 and Task 1 on the kernel `npm install` registered for this checkout, and draws every chart", async () => {
    const browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    try {
      const { page, blocked, errors } = await watchedPage(browser, onlyLoopback);
      const nb = jupyterLabUi(page);
      const kernel = await checkoutKernelName();
      await page.goto(server.notebookUrl("guardrails.ipynb"));
      // The notebook asks for `guardrails-ts`, which only the project's commands provide: pick
      // this checkout's kernel, as the README says, when JupyterLab asks (it asks when several
      // TypeScript kernels are registered; with one it takes it).
      const dialog = page.locator(".jp-Dialog", { hasText: "Select Kernel" });
      const asked = await dialog
        .waitFor({ timeout: 120_000 })
        .then(() => true)
        .catch(() => false);
      if (asked) {
        await dialog.locator("select").selectOption({ label: `TypeScript (SageMaker guardrails, ${ROOT})` });
        await dialog.locator(".jp-Dialog-button.jp-mod-accept").click();
      }
      await nb.ready();
      expect(await page.evaluate(`window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.name`)).toBe(
        kernel,
      );

      const cells = await nb.cells();
      for (const heading of ["## Task 0", "## Task 1"]) {
        const { first, last } = section(cells, heading);
        await nb.run(first, last);
      }
      const charts = await chartsSettled(page);
      expect(charts.failed).toEqual([]);
      expect(charts.outputs).toBe(TASK_0_1_CHARTS);
      expect(charts.drawn).toBe(charts.outputs);
      expect(await page.locator(".jp-RenderedPlotly").count()).toBe(charts.outputs);
      expect(await page.locator(nb.stderrSelector).count()).toBe(0);
      expect(blocked).toEqual([]);
      expect(errors.filter((e) => !nb.ownNoise.test(e))).toEqual([]);
      await page
        .locator(".jp-RenderedPlotly")
        .last()
        .screenshot({ path: join(SCREENSHOTS, "plain-jupyterlab-task1-chart.png") });
    } catch (e) {
      await Promise.all(
        browser
          .contexts()
          .flatMap((c) => c.pages())
          .map((p, i) =>
            p.screenshot({ path: join(SCREENSHOTS, `failed-plain-jupyterlab-${i}.png`) }).catch(() => undefined),
          ),
      );
      throw e;
    } finally {
      await browser.close();
    }
  }, 1_800_000);
});
