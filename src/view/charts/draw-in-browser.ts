/**
 * The script of a chart's text/html output, the form the classic Notebook and
 * nbconvert's HTML show (JupyterLab and VS Code draw the figure's own
 * application/vnd.plotly.v1+json form instead). It draws with window.Plotly,
 * which the HTML report defines in its head; in the classic Notebook it loads
 * plotly.js as a module of the page's require.js from the server's nbextensions,
 * which `npm run notebook` serves. Anywhere else it says in the chart's place
 * how to see it. Runs in the browser, serialised with toString(): it uses
 * nothing from outside its own body.
 */
export function drawChart(
  id: string,
  figure: { data: unknown; layout: unknown },
  config: unknown,
  classicModule: string,
): void {
  interface Plotly {
    newPlot(el: HTMLElement, data: unknown, layout: unknown, config: unknown): Promise<unknown>;
  }
  /** The classic Notebook's require.js. */
  type RequireJs = (deps: string[], ok: () => void, failed: (e: Error) => void) => void;
  const w = window as unknown as { Plotly?: Plotly; requirejs?: RequireJs; Jupyter?: unknown };

  const say = (el: HTMLElement, message: string): void => {
    el.textContent = message;
    el.style.height = "auto";
    el.classList.add("guardrails-chart-failed");
  };

  const draw = (el: HTMLElement, plotly: Plotly): void => {
    el.textContent = "";
    plotly
      .newPlot(el, figure.data, figure.layout, config)
      .catch((e: unknown) => say(el, `⚠️ This chart cannot be drawn: ${e instanceof Error ? e.message : String(e)}.`));
  };

  // The output may be attached to the page just after its script runs.
  const withElement = (tries: number): void => {
    const el = document.getElementById(id);
    if (!el) {
      if (tries < 400) setTimeout(() => withElement(tries + 1), 50);
      return;
    }
    if (w.Plotly) draw(el, w.Plotly);
    else if (w.Jupyter !== undefined && typeof w.requirejs === "function")
      w.requirejs(
        [classicModule],
        // plotly.js is no AMD module: loaded as a script, it sets window.Plotly.
        () =>
          w.Plotly ? draw(el, w.Plotly) : say(el, `⚠️ This chart cannot be drawn: ${classicModule} defined no Plotly.`),
        () =>
          say(
            el,
            "⚠️ This chart cannot be drawn: this Notebook server does not serve plotly.js (nbextensions/guardrails-plotly); open the notebook with `npm run notebook`.",
          ),
      );
    else
      say(
        el,
        "⚠️ This chart needs Plotly's Jupyter extension: `pip install plotly` where JupyterLab runs (`npm run lab` has it).",
      );
  };
  withElement(0);
}
