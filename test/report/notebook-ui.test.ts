import { CHROMIUM, launchChromium, onlyLoopback, watchedPage } from "../support/browser";
import { CLASSIC_NOTEBOOK, startClassicNotebook, type NotebookServer } from "../support/classic-notebook";
import { describeWithTools } from "../support/tools";

describeWithTools([CHROMIUM, CLASSIC_NOTEBOOK], "a notebook in the classic Jupyter Notebook UI", () => {
  let server: NotebookServer;
  beforeAll(async () => {
    server = await startClassicNotebook("test/fixtures");
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("runs all cells with the project kernel and shows the chart and the table", async () => {
    const browser = await launchChromium();
    try {
      const { page, blocked } = await watchedPage(browser, onlyLoopback);
      await page.goto(server.notebookUrl("smoke.ipynb"));
      await page.waitForSelector("#kernel_indicator_icon.kernel_idle_icon", { timeout: 300_000 });
      await page.click("#celllink");
      await page.click("#run_all_cells");
      await page.waitForSelector(".output_html .guardrails-chart svg.main-svg", { timeout: 300_000 });
      expect(await page.locator(".guardrails-chart .trace.bars .point").count()).toBe(5);
      expect(await page.locator(".output_html table.guardrails-table td", { hasText: "tslab" }).count()).toBe(1);
      expect(await page.locator(".output_stderr").allInnerTexts()).toEqual([]);
      expect(blocked).toEqual([]);

      // File → Download as → HTML uses the same offline template as the headless report.
      const saved = page.waitForResponse((r) => r.url().includes("/api/contents/") && r.request().method() === "PUT");
      await page.click("#filelink");
      await page.click("#save_checkpoint");
      await saved;
      const exported = await page.request.get(server.htmlExportUrl("smoke.ipynb"));
      expect(exported.status()).toBe(200);
      const html = await exported.text();
      expect(html).toContain('class="guardrails-chart"');
      expect(html).not.toMatch(/require(\.min)?\.js|MathJax\.js|cdnjs\.cloudflare\.com|unpkg\.com/i);
    } finally {
      await browser.close();
    }
    // The kernel builds src/ before it starts; on a busy machine that alone can take a minute.
  }, 600_000);
});
