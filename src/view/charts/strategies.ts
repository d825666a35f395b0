/**
 * The strategy lab's figures over plain data: blast radius against time to promote (one point per
 * strategy), and every strategy's traffic shift and capacity on one time axis (seconds since its
 * UpdateEndpoint). One colour per strategy in every panel and chart; the strategies are named in the
 * legend, never as text that could hide another point's.
 */
import { text, type Figure } from "./figure";

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

/** The colour of the i-th strategy, the same in every lab chart. */
export const strategyColor = (i: number): string => PALETTE[i % PALETTE.length] ?? "#1f77b4";

export interface TradeOff {
  strategy: string;
  secondsToPromote: number;
  failedRequests: number;
  peakInstances: number;
}

/** Room around the largest value so no point sits on an axis' edge. */
const upTo = (values: readonly number[], margin: number): [number, number] => [0, Math.max(1, ...values) * margin];

/** " (s)", or " (s, emulator clock ×N)" when the seconds are not real time. */
const secondsOn = (clock?: string): string => (clock ? ` (s, ${clock})` : " (s)");

/**
 * Blast radius against time to promote, one point per strategy (marker size: peak instances);
 * `clock` names the clock the seconds are on where it is not real time.
 */
export function tradeOffChart(points: readonly TradeOff[], clock?: string): Figure {
  return {
    data: points.map((p, i) => ({
      type: "scatter",
      mode: "markers",
      name: `${p.strategy} (peak ${p.peakInstances} instances)`,
      x: [p.secondsToPromote],
      y: [p.failedRequests],
      marker: { size: 6 + 3 * p.peakInstances, color: strategyColor(i), line: { width: 1, color: "#fff" } },
      hovertemplate: `${p.strategy}<br>promoted in %{x} s<br>%{y} failed requests<extra></extra>`,
    })),
    layout: {
      title: text("Blast radius vs time to promote (marker size: peak instances)"),
      xaxis: {
        title: text(`good model: time to promote${secondsOn(clock)}`),
        range: upTo(
          points.map((p) => p.secondsToPromote),
          1.15,
        ),
      },
      yaxis: {
        title: text("faulty model: failed requests"),
        range: upTo(
          points.map((p) => p.failedRequests),
          1.2,
        ),
      },
      legend: { orientation: "h", y: -0.2 },
    },
  };
}

/** One run as polled: seconds since its UpdateEndpoint, the new fleet's share (%) and the instances up. */
export interface ShiftRun {
  seconds: readonly number[];
  newFleetPercent: readonly number[];
  instances: readonly number[];
}

export interface StrategyShift {
  strategy: string;
  good: ShiftRun;
  faulty: ShiftRun;
}

/**
 * New fleet's traffic share (good and faulty runs) and instances up (good runs), per strategy, on a
 * shared axis; `clock` names the clock the seconds are on where it is not real time.
 */
export function shiftTimelines(strategies: readonly StrategyShift[], clock?: string): Figure {
  const line = (s: StrategyShift, i: number, run: ShiftRun, y: readonly number[], axis: string, first: boolean) => ({
    type: "scatter",
    mode: "lines",
    line: { shape: "hv", color: strategyColor(i), width: 2 },
    name: s.strategy,
    legendgroup: s.strategy,
    showlegend: first,
    x: run.seconds,
    y,
    xaxis: "x",
    yaxis: axis,
  });
  const lastSecond = Math.max(1, ...strategies.flatMap((s) => [...s.good.seconds, ...s.faulty.seconds]));
  const peak = Math.max(1, ...strategies.flatMap((s) => s.good.instances));
  return {
    data: strategies.flatMap((s, i) => [
      line(s, i, s.good, s.good.newFleetPercent, "y", true),
      line(s, i, s.good, s.good.instances, "y2", false),
      line(s, i, s.faulty, s.faulty.newFleetPercent, "y3", false),
    ]),
    layout: {
      title: text("Traffic shift per strategy: seconds since UpdateEndpoint"),
      height: 720,
      xaxis: {
        title: text(`seconds since UpdateEndpoint${clock ? ` (${clock})` : ""}`),
        anchor: "y3",
        range: [0, lastSecond * 1.03],
      },
      yaxis: { domain: [0.7, 1], title: text("good: new fleet %"), range: [0, 105] },
      yaxis2: { domain: [0.38, 0.64], title: text("good: instances up"), range: [0, peak + 1] },
      yaxis3: { domain: [0, 0.32], title: text("faulty: new fleet %"), range: [0, 105] },
      legend: { orientation: "h", y: -0.1 },
    },
  };
}
