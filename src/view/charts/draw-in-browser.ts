/**
 * The script every chart output carries: draws its figure with window.Plotly,
 * first loading plotly.js from the Jupyter server when the page has none (a
 * reopened notebook, a rerun cell, JupyterLab or the classic Notebook). An
 * HTML report defines window.Plotly in its head, so nothing is fetched there.
 * Runs in the browser, serialised with toString(): it uses nothing from outside
 * its own body, and its failures end as visible text in the chart's place.
 */
export function drawChart(
  id: string,
  figure: { data: unknown; layout: unknown },
  config: unknown,
  bundle: { fromNotebook: string; fromRoot: string },
): void {
  interface Plotly {
    newPlot(el: HTMLElement, data: unknown, layout: unknown, config: unknown): Promise<unknown>;
  }
  const w = window as Window & { Plotly?: Plotly; guardrailsPlotly?: Promise<Plotly> | null };

  const say = (el: HTMLElement, message: string): void => {
    el.textContent = message;
    el.style.height = "auto";
    el.classList.add("guardrails-chart-failed");
  };

  /** The `files/` URLs of the bundle on this Jupyter server: beside the notebook first, then at the server's root. */
  const bundleUrls = (): string[] => {
    if (location.protocol === "file:") return [];
    let base: string | null = null;
    const pageConfig = document.getElementById("jupyter-config-data");
    if (pageConfig) base = (JSON.parse(pageConfig.textContent || "{}") as { baseUrl?: string }).baseUrl ?? null;
    // The classic Notebook (6) has no page config but says its base URL and the notebook's path on <body>.
    base ??= document.body.getAttribute("data-base-url");
    if (base === null) return [];
    if (!base.endsWith("/")) base += "/";
    let notebook = document.body.getAttribute("data-notebook-path");
    if (notebook === null) {
      // JupyterLab (/lab/tree/…, /lab/workspaces/w/tree/…) and Notebook 7 (/notebooks/…) keep it in the URL.
      const match = /^(?:lab\/(?:workspaces\/[^/]+\/)?tree|notebooks)\/(.+)$/.exec(
        location.pathname.slice(base.length),
      );
      notebook = match?.[1] ?? null;
    }
    const resolve = (folder: string[], relative: string): string => {
      const parts = [...folder];
      for (const seg of relative.split("/")) {
        if (seg === "..") parts.pop();
        else if (seg !== "." && seg !== "") parts.push(seg);
      }
      return `${base}files/${parts.map(encodeURIComponent).join("/")}`;
    };
    const urls = [resolve([], bundle.fromRoot)];
    if (notebook !== null)
      urls.unshift(resolve(decodeURIComponent(notebook).split("/").slice(0, -1), bundle.fromNotebook));
    return [...new Set(urls)];
  };

  const loadFrom = async (urls: string[]): Promise<Plotly> => {
    const tried: string[] = [];
    for (const url of urls) {
      const response = await fetch(url).catch((e: unknown) => String(e));
      if (typeof response === "string" || !response.ok) {
        tried.push(`${url} (${typeof response === "string" ? response : `HTTP ${response.status}`})`);
        continue;
      }
      // The bundle is UMD: hide the classic Notebook's AMD `define` so it sets window.Plotly.
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the fetched plotly.js bundle is the point
      new Function("define", "module", "exports", `${await response.text()}\n//# sourceURL=${url}`).call(window);
      if (w.Plotly) return w.Plotly;
      tried.push(`${url} (loaded, but defined no window.Plotly)`);
    }
    throw new Error(
      tried.length > 0
        ? `plotly.js could not be loaded from ${tried.join(", ")}`
        : "plotly.js is not on this page, and the page is not served by a Jupyter server to fetch it from",
    );
  };

  const plotly = (): Promise<Plotly> => {
    if (w.Plotly) return Promise.resolve(w.Plotly);
    // One fetch for all the charts of a page; forgotten on failure so a rerun cell tries again.
    w.guardrailsPlotly ??= loadFrom(bundleUrls()).catch((e: unknown) => {
      w.guardrailsPlotly = null;
      throw e;
    });
    return w.guardrailsPlotly;
  };

  // The output may be attached to the page just after its script runs.
  const withElement = (tries: number): void => {
    const el = document.getElementById(id);
    if (!el) {
      if (tries < 400) setTimeout(() => withElement(tries + 1), 50);
      return;
    }
    if (!w.Plotly) el.textContent = "Drawing this chart: loading plotly.js from the Jupyter server …";
    plotly()
      .then((p) => {
        el.textContent = "";
        return p.newPlot(el, figure.data, figure.layout, config);
      })
      .catch((e: unknown) => say(el, `⚠️ This chart cannot be drawn: ${e instanceof Error ? e.message : String(e)}.`));
  };
  withElement(0);
}
