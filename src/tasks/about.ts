import { DataFrame } from "danfojs-node";
import { readFileSync } from "node:fs";
import { barChart } from "../view/charts/bar";
import type { Figure } from "../view/charts/figure";

/** The versions of the parts the notebook runs on, as a table. */
export function runtimeVersions(): DataFrame {
  const parts: Array<[string, string]> = [
    ["node", process.versions.node],
    ["tslab", packageVersion("tslab")],
    ["typescript", packageVersion("typescript")],
    ["plotly.js", packageVersion("plotly.js-dist")],
    ["danfojs-node", packageVersion("danfojs-node")],
  ];
  return new DataFrame({ component: parts.map((p) => p[0]), version: parts.map((p) => p[1]) });
}

function packageVersion(name: string): string {
  const manifest = readFileSync(require.resolve(`${name}/package.json`), "utf8");
  return (JSON.parse(manifest) as { version: string }).version;
}

/** A bar chart of the major version of each runtime part: a quick proof that charts render. */
export function versionsChart(versions: DataFrame): Figure {
  const names = versions.column("component").values as string[];
  const majors = (versions.column("version").values as string[]).map((v) => Number(v.split(".")[0]));
  return barChart({ title: "Major version per component", x: names, y: majors, yTitle: "major version" });
}
