/**
 * One notebook open in a real Jupyter UI, driven through the UI's own
 * frontend objects (JupyterLab's application and commands, the classic
 * Notebook's `Jupyter.notebook`): the same code paths as its menus, without
 * depending on menu layouts.
 */
import type { Locator, Page } from "playwright-core";

export interface CellInfo {
  type: string;
  source: string;
}

/** The URL the UI's export command opens (in a new window, which downloads it). */
async function exportUrl(page: Page, exportCommand: () => Promise<void>): Promise<string> {
  const [requested] = await Promise.all([
    page
      .context()
      .waitForEvent("request", { predicate: (r) => r.url().includes("/nbconvert/html/"), timeout: 120_000 }),
    exportCommand(),
  ]);
  return requested.url();
}

export interface NotebookUi {
  readonly name: "jupyterlab" | "classic";
  /** Waits until the notebook is open and its kernel idle. */
  ready(): Promise<void>;
  cells(): Promise<CellInfo[]>;
  /** Runs cells first..last (inclusive) and waits until they have all run. */
  run(first: number, last: number): Promise<void>;
  restartKernel(): Promise<void>;
  save(): Promise<void>;
  /** Adds a code cell with `source` at the end; returns its index. */
  appendCell(source: string): Promise<number>;
  /** The open notebook's path from the server's root. */
  path(): Promise<string>;
  /** Shuts the open notebook's kernel down. */
  shutdownKernel(): Promise<void>;
  /** Closes every open document without saving it, so the next page load restores none of them. */
  closeAll(): Promise<void>;
  /**
   * Exports the saved notebook to HTML through the UI's menu command (JupyterLab:
   * File → Save and Export Notebook As → HTML, answering its "Sanitize HTML
   * output" question with `sanitize`; classic: File → Download as → HTML, which
   * asks nothing). Returns the URL the UI downloads the export from.
   */
  exportHtml(sanitize?: boolean): Promise<string>;
  /** Selector of outputs a cell wrote to stderr (tslab reports errors there). */
  readonly stderrSelector: string;
  /** Console errors the UI itself logs whatever the notebook does. */
  readonly ownNoise: RegExp;
}

const HOUR = 3_600_000;

/** JupyterLab 4, with the application exposed as window.jupyterapp (--LabApp.expose_app_in_browser). */
export function jupyterLabUi(page: Page): NotebookUi {
  // The page's JupyterLab objects, typed only as far as these calls need.
  const panelScript = `(() => {
    const app = window.jupyterapp;
    const panel = app && app.shell.currentWidget;
    return panel && panel.content && panel.sessionContext ? { app, panel } : null;
  })()`;
  return {
    name: "jupyterlab",
    // The debugger extension asks each kernel for a debug session; tslab has none.
    ownNoise: /^No active debugger session$/,
    stderrSelector: '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
    async ready() {
      await page.waitForFunction(
        `(() => { const o = ${panelScript}; const k = o && o.panel.sessionContext.session && o.panel.sessionContext.session.kernel;
          return !!k && k.status === "idle" && k.connectionStatus === "connected"; })()`,
        undefined,
        // A kernel (re)start builds src/ first (scripts/kernel.mjs).
        { timeout: 300_000, polling: 250 },
      );
    },
    cells: () =>
      page.evaluate<CellInfo[]>(
        `(() => ${panelScript}.panel.content.widgets.map((c) => ({ type: c.model.type, source: c.model.sharedModel.getSource() })))()`,
      ),
    async run(first, last) {
      const ok = await page.evaluate(
        `(async () => { const { app, panel } = ${panelScript}; const nb = panel.content;
          nb.deselectAll(); nb.activeCellIndex = ${first}; nb.extendContiguousSelectionTo(${last});
          return await app.commands.execute("notebook:run-cell"); })()`,
      );
      if (ok !== true) throw new Error(`JupyterLab reports a failed run of cells ${first}..${last}`);
    },
    async restartKernel() {
      // The restarted kernel says it is idle once it has started (the status bar shows "Idle", not "Unknown"): ready() waits for it.
      await page.evaluate(`(async () => { await ${panelScript}.panel.sessionContext.session.kernel.restart(); })()`);
      await this.ready();
    },
    async save() {
      await page.evaluate(`(async () => { await ${panelScript}.panel.context.save(); })()`);
    },
    appendCell: (source) =>
      page.evaluate<number>(`(() => { const shared = ${panelScript}.panel.content.model.sharedModel;
        shared.insertCell(shared.cells.length, { cell_type: "code", source: ${JSON.stringify(source)} });
        return shared.cells.length - 1; })()`),
    path: () => page.evaluate<string>(`${panelScript}.panel.context.path`),
    async shutdownKernel() {
      await page.evaluate(`(async () => { await ${panelScript}.panel.sessionContext.shutdown(); })()`);
    },
    async closeAll() {
      // The workspace (what a reload restores) is saved when the layout changes.
      const saved = page.waitForResponse(
        (r) => r.url().includes("/lab/api/workspaces/") && r.request().method() === "PUT",
        { timeout: 30_000 },
      );
      // Closed without saving: whatever JupyterLab changed in a document on opening it stays unsaved.
      await page.evaluate(`(async () => { const app = window.jupyterapp;
        for (const w of app.shell.widgets("main")) if (w.context) w.context.model.dirty = false;
        await app.commands.execute("application:close-all"); })()`);
      await saved;
    },
    exportHtml: (sanitize = false) =>
      exportUrl(page, async () => {
        const done = page.evaluate(
          `${panelScript}.app.commands.execute("notebook:export-to-format", { format: "html", label: "HTML" })`,
        );
        const dialog = page.locator(".jp-Dialog", { hasText: "Sanitize HTML output" });
        await dialog.waitFor({ timeout: 60_000 });
        await dialog.locator('input[type="checkbox"]').setChecked(sanitize);
        await dialog.locator(".jp-Dialog-button.jp-mod-accept").click();
        await done;
      }),
  };
}

/** The classic Notebook (6), whose page has the global `Jupyter.notebook`. */
export function classicUi(page: Page): NotebookUi {
  return {
    name: "classic",
    ownNoise: /(?!)/,
    stderrSelector: ".output_stderr",
    async ready() {
      await page.waitForFunction(
        () => {
          const nb = (window as unknown as { Jupyter?: { notebook?: { kernel?: { is_connected(): boolean } } } })
            .Jupyter?.notebook;
          return !!nb?.kernel?.is_connected() && !!document.querySelector("#kernel_indicator_icon.kernel_idle_icon");
        },
        undefined,
        // A kernel (re)start builds src/ first (scripts/kernel.mjs).
        { timeout: 300_000, polling: 250 },
      );
    },
    cells: () =>
      page.evaluate<CellInfo[]>(
        `Jupyter.notebook.get_cells().map((c) => ({ type: c.cell_type, source: c.get_text() }))`,
      ),
    async run(first, last) {
      const indices = Array.from({ length: last - first + 1 }, (_, i) => first + i);
      // Clear the prompts first, so "has run" means this run.
      await page.evaluate(`(() => { const idx = ${JSON.stringify(indices)};
        for (const i of idx) { const c = Jupyter.notebook.get_cell(i); if (c.cell_type === "code") c.set_input_prompt(); }
        Jupyter.notebook.execute_cells(idx); })()`);
      await page.waitForFunction(
        `(() => ${JSON.stringify(indices)}.map((i) => Jupyter.notebook.get_cell(i)).filter((c) => c.cell_type === "code")
          .every((c) => typeof c.input_prompt_number === "number") && !!document.querySelector("#kernel_indicator_icon.kernel_idle_icon"))()`,
        undefined,
        { timeout: HOUR, polling: 500 },
      );
    },
    async restartKernel() {
      await page.evaluate(`new Promise((res) => Jupyter.notebook.kernel.restart(() => res(undefined)))`);
      await this.ready();
    },
    async save() {
      await page.evaluate(`Jupyter.notebook.save_notebook()`);
    },
    appendCell: (source) =>
      page.evaluate(`(() => { Jupyter.notebook.insert_cell_at_bottom("code").set_text(${JSON.stringify(source)});
        return Jupyter.notebook.ncells() - 1; })()`),
    path: () => page.evaluate<string>(`Jupyter.notebook.notebook_path`),
    async shutdownKernel() {
      await page.evaluate(`new Promise((res) => Jupyter.notebook.session.delete(res, res))`);
    },
    // One notebook per page: nothing is restored on the next load.
    closeAll: () => Promise.resolve(),
    exportHtml: () =>
      exportUrl(page, async () => {
        await page.click("#filelink");
        // "Download as" opens its submenu (#download_menu) on hover.
        await page.hover("li.dropdown-submenu:has(#download_menu) > a");
        await page.click("#download_html");
      }),
  };
}

/** Indices of the cells of the section whose markdown heading starts with `heading`, up to the next heading of its level or above. */
export function section(cells: readonly CellInfo[], heading: string): { first: number; last: number } {
  const level = /^#+/.exec(heading)?.[0].length ?? 2;
  const isHeading = (c: CellInfo, maxLevel: number): boolean =>
    c.type === "markdown" && new RegExp(`^#{1,${maxLevel}} `).test(c.source.trimStart());
  const first = cells.findIndex((c) => c.type === "markdown" && c.source.trimStart().startsWith(heading));
  if (first < 0) throw new Error(`No markdown cell starts with "${heading}"`);
  const next = cells.findIndex((c, i) => i > first && isHeading(c, level));
  return { first, last: next < 0 ? cells.length - 1 : next - 1 };
}

/**
 * A chart output on the page: drawn by JupyterLab's plotly extension from the
 * figure's application/vnd.plotly.v1+json (.jp-RenderedPlotly), or by the
 * output's own script from its text/html (.guardrails-chart: the classic
 * Notebook, an HTML export).
 */
export const CHART = ".guardrails-chart, .jp-RenderedPlotly";

/** Charts on the page: outputs, drawn, and those that say why they could not draw. */
export function chartCounts(page: Page): Promise<{ outputs: number; drawn: number; failed: string[] }> {
  return page.evaluate((selector) => {
    const charts = Array.from(document.querySelectorAll(selector));
    // JupyterLab's plotly extension shows a reopened chart as the PNG it made of it, drawn again on hover.
    const drawn = (el: Element): boolean =>
      !!el.querySelector("svg.main-svg") ||
      Array.from(el.querySelectorAll("img.plot-img")).some(
        (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
      );
    return {
      outputs: charts.length,
      drawn: charts.filter(drawn).length,
      failed: charts.filter((el) => el.classList.contains("guardrails-chart-failed")).map((el) => el.textContent ?? ""),
    };
  }, CHART);
}

/** Waits until every chart output on the page has either drawn or said why it could not. */
export async function chartsSettled(page: Page): Promise<{ outputs: number; drawn: number; failed: string[] }> {
  await page.waitForFunction(
    (selector) =>
      Array.from(document.querySelectorAll(selector)).every(
        (el) =>
          el.querySelector("svg.main-svg") ||
          Array.from(el.querySelectorAll("img.plot-img")).some(
            (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
          ) ||
          el.classList.contains("guardrails-chart-failed"),
      ),
    CHART,
    { timeout: 120_000, polling: 250 },
  );
  return chartCounts(page);
}

/** The chart whose title starts with `title`, as either form draws it (its title is in the drawn SVG, or in the output's label). */
export function chartTitled(page: Page, title: string): Locator {
  return page
    .locator(`.guardrails-chart[aria-label^=${JSON.stringify(title)}]`)
    .or(page.locator(".jp-RenderedPlotly").filter({ has: page.locator(".gtitle", { hasText: title }) }));
}

/** Position of the chart titled `title` among the page's charts (a reopened JupyterLab chart is a PNG until hovered: no title to find). */
export async function chartIndex(page: Page, title: string): Promise<number> {
  const index = await page.evaluate(
    ([selector, prefix]) =>
      Array.from(document.querySelectorAll(selector)).findIndex((el) =>
        (el.getAttribute("aria-label") ?? el.querySelector(".gtitle")?.textContent ?? "").startsWith(prefix),
      ),
    [CHART, title] as const,
  );
  if (index < 0) throw new Error(`No chart titled "${title}…" on the page`);
  return index;
}
