import { figureHtml } from "../../../src/view/charts/figure";
import { PLOTLY_BUNDLE_PATH } from "../../../src/view/charts/plotly-bundle";
import { statSync } from "node:fs";

describe("figureHtml", () => {
  it("carries no copy of plotly.js: every chart loads it when the page has none", () => {
    const bundleBytes = statSync(PLOTLY_BUNDLE_PATH).size;
    const html = figureHtml({ data: [{ type: "bar", x: [1], y: [2] }] });
    expect(html.length).toBeLessThan(bundleBytes / 100);
    expect(html).toContain("files/");
    expect(html).toContain("window.Plotly");
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
