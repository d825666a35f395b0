/**
 * One notebook open in a real Jupyter UI, driven through the UI's own
 * frontend objects (JupyterLab's application and commands, the classic
 * Notebook's `Jupyter.notebook`): the same code paths as its menus, without
 * depending on menu layouts.
 */
import type { Page } from "playwright-core";

export interface CellInfo {
  type: string;
  source: string;
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
      page.evaluate<number>(`(() => { Jupyter.notebook.insert_cell_at_bottom("code").set_text(${JSON.stringify(source)});
        return Jupyter.notebook.ncells() - 1; })()`),
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

/** Charts on the page: outputs, drawn by plotly.js, and those that say why they could not draw. */
export function chartCounts(page: Page): Promise<{ outputs: number; drawn: number; failed: string[] }> {
  return page.evaluate(() => {
    const charts = Array.from(document.querySelectorAll(".guardrails-chart"));
    return {
      outputs: charts.length,
      drawn: charts.filter((el) => el.querySelector("svg.main-svg")).length,
      failed: charts.filter((el) => el.classList.contains("guardrails-chart-failed")).map((el) => el.textContent ?? ""),
    };
  });
}

/** Waits until every chart output on the page has either drawn or said why it could not. */
export async function chartsSettled(page: Page): Promise<{ outputs: number; drawn: number; failed: string[] }> {
  await page.waitForFunction(
    () =>
      Array.from(document.querySelectorAll(".guardrails-chart")).every(
        (el) => el.querySelector("svg.main-svg") || el.classList.contains("guardrails-chart-failed"),
      ),
    undefined,
    { timeout: 120_000, polling: 250 },
  );
  return chartCounts(page);
}
