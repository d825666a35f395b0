import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { figureHtml } from "../../../src/view/charts/figure";
import { PLOTLY_BUNDLE_PATH } from "../../../src/view/charts/plotly-bundle";
import { CHROMIUM, launchChromium, onlyFiles, watchedPage } from "../../support/browser";
import { describeWithTools } from "../../support/tools";

describeWithTools([CHROMIUM], "a chart output in a browser", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "guardrails-figure-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const open = async (name: string, head: string): Promise<{ text: string; drawn: boolean }> => {
    const chart = figureHtml({ data: [{ type: "bar", x: ["a"], y: [1] }], layout: { title: { text: "One bar" } } });
    writeFileSync(join(dir, name), `<!DOCTYPE html><html><head>${head}</head><body>${chart}</body></html>`);
    const browser = await launchChromium();
    try {
      const { page, blocked } = await watchedPage(browser, onlyFiles);
      await page.goto(`file://${join(dir, name)}`);
      await page.waitForSelector(".guardrails-chart svg.main-svg, .guardrails-chart-failed", { timeout: 60_000 });
      expect(blocked).toEqual([]);
      return {
        text: (await page.locator(".guardrails-chart").textContent()) ?? "",
        drawn: (await page.locator(".guardrails-chart svg.main-svg").count()) > 0,
      };
    } finally {
      await browser.close();
    }
  };

  it("draws itself with the plotly.js its page has", async () => {
    const bundle = readFileSync(PLOTLY_BUNDLE_PATH, "utf8");
    expect((await open("with-plotly.html", `<script>${bundle}</script>`)).drawn).toBe(true);
  });

  it("says in its place how to see it when the page has no plotly.js and is not the classic Notebook", async () => {
    const { text, drawn } = await open("without-plotly.html", "");
    expect(drawn).toBe(false);
    expect(text).toContain("This chart needs Plotly's Jupyter extension: `pip install plotly`");
  });
});
