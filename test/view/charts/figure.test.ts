import { figureBundle, figureHtml, PLOTLY_MIME_TYPE } from "../../../src/view/charts/figure";
import { PLOTLY_BUNDLE_PATH } from "../../../src/view/charts/plotly-bundle";
import { statSync } from "node:fs";

describe("figureBundle", () => {
  const figure = { data: [{ type: "bar", x: ["a"], y: [2] }], layout: { title: { text: "Invocations" } } };

  it("carries the figure as plotly.py's renderers do: data, layout and config under application/vnd.plotly.v1+json", () => {
    const plotly = figureBundle(figure)[PLOTLY_MIME_TYPE];
    expect(PLOTLY_MIME_TYPE).toBe("application/vnd.plotly.v1+json");
    expect(plotly).toEqual({
      data: figure.data,
      layout: { height: 380, title: { text: "Invocations" } },
      config: { responsive: true, displaylogo: false },
    });
  });

  it("has an HTML alternative for the classic Notebook and nbconvert, and the title as plain text", () => {
    const bundle = figureBundle(figure);
    expect(bundle["text/html"]).toContain('class="guardrails-chart"');
    expect(bundle["text/plain"]).toBe("Chart: Invocations");
  });
});

describe("figureHtml", () => {
  it("carries no copy of plotly.js and fetches nothing from the server's files/ route", () => {
    const bundleBytes = statSync(PLOTLY_BUNDLE_PATH).size;
    const html = figureHtml({ data: [{ type: "bar", x: [1], y: [2] }] });
    expect(html.length).toBeLessThan(bundleBytes / 100);
    expect(html).not.toContain("files/");
    expect(html).not.toContain("fetch(");
    expect(html).toContain("w.Plotly");
  });

  it("says in visible text that the chart is not drawn until its script runs", () => {
    const html = figureHtml({ data: [], layout: { title: { text: "Invocations" } } });
    const placeholder = html.slice(0, html.indexOf("</div>")).replace(/<[^>]+>/g, "");
    expect(placeholder).toContain("Chart “Invocations” is not drawn");
    expect(placeholder).toContain("Trust Notebook");
  });

  it("keeps data from closing the script element", () => {
    const html = figureHtml({ data: [{ type: "bar", x: ["</script><script>alert(1)</script>"], y: [1] }] });
    const payload = html.slice(html.lastIndexOf("<script"));
    expect(payload.match(/<\/script>/g)).toHaveLength(1);
    expect(payload).toContain("\\u003c/script\\u003e");
  });
});
