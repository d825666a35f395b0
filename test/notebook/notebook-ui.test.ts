import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM, launchChromium, onlyLoopback, watchedPage } from "../support/browser";
import { CLASSIC_NOTEBOOK, startClassicNotebook, type NotebookServer } from "../support/classic-notebook";
import { LOCAL_EMULATOR } from "../../src/aws/clients";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server";
import { describeWithTools } from "../support/tools";

describeWithTools([CHROMIUM, CLASSIC_NOTEBOOK], "the notebook in the classic Jupyter Notebook UI", () => {
  let server: NotebookServer;
  let emulator: RunningEmulator;
  let stateDir: string;
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), "guardrails-ui-state-"));
    // The test's own emulator (a port it binds itself), named to the kernel: it looks nowhere else.
    emulator = await startEmulator({
      port: 0,
      stateDir,
      credentials: [LOCAL_EMULATOR.credentials],
      provisioningDelayMs: LOCAL_EMULATOR.provisioningDelayMs,
    });
    server = await startClassicNotebook("notebooks", {
      GUARDRAILS_TARGET: "local",
      GUARDRAILS_EMULATOR_URL: emulator.url,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await emulator?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("runs all cells and shows the charts, the verdicts and the cleanup recap", async () => {
    const browser = await launchChromium();
    try {
      const { page, blocked } = await watchedPage(browser, onlyLoopback);
      await page.goto(server.notebookUrl("guardrails.ipynb"));
      await page.waitForSelector("#kernel_indicator_icon.kernel_idle_icon", { timeout: 60_000 });
      await page.click("#celllink");
      await page.click("#run_all_cells");
      // The last cell (cleanup) shows the recap table – the only one with a "confirmed gone" column.
      await page.waitForSelector(".output_html table.guardrails-table th:text('confirmed gone')", { timeout: 900_000 });
      expect(await page.locator(".output_stderr").allInnerTexts()).toEqual([]);
      expect(blocked).toEqual([]);
      expect(await page.locator(".guardrails-chart svg.main-svg").count()).toBeGreaterThan(20);
      const text = await page.locator("#notebook-container").innerText();
      expect(text).toContain("✅ PROMOTED: weather-config-v2-1 is serving.");
      expect(text).toContain("↩️ ROLLED BACK: requested weather-config-v2-2");
      expect(text).toContain("✅ PROMOTED: weather-config-v2-3 is serving.");
    } finally {
      await browser.close();
    }
  }, 1_000_000);
});
