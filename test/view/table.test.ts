import { DataFrame } from "danfojs-node";
import { tableHtml } from "../../src/view/table";

describe("tableHtml", () => {
  it("renders a danfo DataFrame as an HTML table with its index, columns and values", () => {
    const html = tableHtml(new DataFrame({ job: ["001", "002"], accuracy: [0.5, 0.8125] }));
    expect(html).toContain('<th style="text-align:left">job</th><th>accuracy</th>');
    expect(html).toContain('<tr><th>0</th><td style="text-align:left">001</td><td>0.5</td></tr>');
    expect(html).toContain('<tr><th>1</th><td style="text-align:left">002</td><td>0.8125</td></tr>');
  });

  it("left-aligns text columns and leaves numbers to the right, as people read them", () => {
    const html = tableHtml(new DataFrame({ name: ["weather-config-v2-1"], errors: [3], note: [""] }));
    expect(html).toContain('<td style="text-align:left">weather-config-v2-1</td><td>3</td>');
  });

  it("escapes every header and value", () => {
    const html = tableHtml(new DataFrame({ "<b>col</b>": ['<img src=x onerror="alert(1)">'] }), "a & b");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>col");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("<caption>a &amp; b</caption>");
  });
});
