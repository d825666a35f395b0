/**
 * The lab's two figures: blast radius against time to promote (one point per
 * strategy), and every strategy's traffic shift and capacity on one time axis
 * (seconds since its UpdateEndpoint), so their shapes compare at a glance.
 */
import { text, type Figure } from "../../view/charts/figure";
import type { Verdict } from "../../aws/deploy/verdict";
import type { StrategyFigures, StrategyRun } from "./comparison";

/** One colour per strategy, the same in all three panels. */
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

/** Blast radius against time to promote, one point per strategy (marker size: peak instances). */
export function tradeOffChart(figures: readonly StrategyFigures[]): Figure {
  return {
    data: [
      {
        type: "scatter",
        mode: "markers+text",
        x: figures.map((f) => f.good.deploymentSeconds),
        y: figures.map((f) => f.faulty.failed),
        text: figures.map((f) => f.strategy),
        textposition: "top center",
        marker: { size: figures.map((f) => 6 + 3 * f.good.peakInstances) },
        hovertemplate: "%{text}<br>promoted in %{x} s<br>%{y} failed requests<extra></extra>",
      },
    ],
    layout: {
      title: text("Blast radius vs time to promote (marker size: peak instances)"),
      xaxis: { title: text("good model: time to promote (s)"), rangemode: "tozero" },
      yaxis: { title: text("faulty model: failed requests"), rangemode: "tozero" },
      showlegend: false,
    },
  };
}

const since = (v: Verdict): number[] => v.timeline.map((o) => Math.round((o.t - (v.timeline[0]?.t ?? o.t)) / 100) / 10);

/**
 * New fleet's traffic share (good and faulty runs) and instances up (good runs), per strategy, on a shared axis.
 * The share is the fleets' CurrentWeight as each DescribeEndpoint poll reported it.
 */
export function shiftTimelines(runs: readonly StrategyRun[]): Figure {
  const line = (
    name: string,
    v: Verdict,
    y: number[],
    axis: string,
    i: number,
    showlegend: boolean,
  ): Record<string, unknown> => ({
    type: "scatter",
    mode: "lines",
    line: { shape: "hv", color: PALETTE[i % PALETTE.length] },
    name,
    legendgroup: name,
    showlegend,
    x: since(v),
    y,
    xaxis: "x",
    yaxis: axis,
  });
  const share = (v: Verdict): number[] =>
    v.timeline.map((o) => Math.round((o.newFleetShare ?? (o.configName === v.requested ? 1 : 0)) * 100));
  return {
    data: runs.flatMap((r, i) => [
      line(r.strategy, r.good, share(r.good), "y", i, true),
      line(
        r.strategy,
        r.good,
        r.good.timeline.map((o) => o.instances),
        "y2",
        i,
        false,
      ),
      line(r.strategy, r.faulty, share(r.faulty), "y3", i, false),
    ]),
    layout: {
      title: text("Traffic shift per strategy: seconds since UpdateEndpoint"),
      height: 720,
      xaxis: { title: text("seconds since UpdateEndpoint"), anchor: "y3" },
      yaxis: { domain: [0.7, 1], title: text("good: new fleet %"), range: [0, 105] },
      yaxis2: { domain: [0.38, 0.64], title: text("good: instances up"), rangemode: "tozero" },
      yaxis3: { domain: [0, 0.32], title: text("faulty: new fleet %"), range: [0, 105] },
      legend: { orientation: "h", y: -0.1 },
    },
  };
}
