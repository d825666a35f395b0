import { figureHtml } from "../../src/charts/figure";

describe("figureHtml", () => {
  it("puts plotly.js in the first chart of a session only", () => {
    const first = figureHtml({ data: [{ type: "bar", x: [1], y: [2] }] });
    const second = figureHtml({ data: [{ type: "bar", x: [1], y: [2] }] });
    expect(first).toContain("if (!window.Plotly)");
    expect(second).not.toContain("if (!window.Plotly)");
    expect(second).toMatch(/^<div id="plot-/);
  });

  it("keeps data from closing the script element", () => {
    const html = figureHtml({ data: [{ type: "bar", x: ["</script><script>alert(1)</script>"], y: [1] }] });
    const payload = html.slice(html.lastIndexOf("<script"));
    expect(payload.match(/<\/script>/g)).toHaveLength(1);
    expect(payload).toContain("\\u003c/script\\u003e");
  });
});
