/**
 * Figures of the notebook: metric lines, the deployment timeline, overlays.
 * Pure functions from data to Plotly figures; `show` renders them.
 */
import type { DataFrame } from "danfojs-node";
import type { Verdict } from "../deploy/canary";
import type { Observation } from "../deploy/watch";
import { text, type Figure } from "./figure";

const column = <T>(frame: DataFrame, name: string): T[] => frame[name].values as T[];

/** One line per column of `frame` against its `time` column. */
export function lineChart(frame: DataFrame, columns: readonly string[], title: string, yTitle: string): Figure {
  const time = column<string>(frame, "time");
  return {
    data: columns.map((c) => ({ type: "scatter", mode: "lines+markers", name: c, x: time, y: column<number>(frame, c) })),
    layout: { title: text(title), xaxis: { title: text("time (UTC)") }, yaxis: { title: text(yTitle), rangemode: "tozero" }, showlegend: columns.length > 1 },
  };
}

/** Endpoint statuses from worst to best, for the timeline's status axis. */
const STATUS_ORDER = ["Gone", "Failed", "Deleting", "RollingBack", "Creating", "Updating", "InService"];
const ALARM_ORDER = ["INSUFFICIENT_DATA", "OK", "ALARM"];

/** The levels of an ordered scale that occur in `values`, so every tick gets a label. */
function levels(order: readonly string[], values: readonly string[]): string[] {
  return order.filter((l) => values.includes(l)).concat([...new Set(values)].filter((v) => !order.includes(v)));
}

/**
 * The deployment timeline: endpoint status and each alarm's state over time
 * (top), and the traffic each EndpointConfigName's fleet answered (bottom).
 */
export function timelineChart(verdict: Verdict, trafficByConfig: DataFrame, configs: readonly string[]): Figure {
  const at = (o: Observation): string => new Date(o.t).toISOString();
  const x = verdict.timeline.map(at);
  const statuses = verdict.timeline.map((o) => o.status);
  const alarmNames = Object.keys(verdict.timeline[0]?.alarms ?? {});
  const alarmStates = alarmNames.flatMap((n) => verdict.timeline.map((o) => o.alarms[n] ?? "INSUFFICIENT_DATA"));
  const time = column<string>(trafficByConfig, "time");
  return {
    data: [
      {
        type: "scatter",
        mode: "lines+markers",
        line: { shape: "hv", width: 3 },
        name: "EndpointStatus",
        x,
        y: statuses,
        text: verdict.timeline.map((o) => `serving ${o.configName ?? "-"}${o.phase ? `<br>${o.phase}` : ""}`),
        yaxis: "y",
      },
      ...alarmNames.map((name) => ({
        type: "scatter",
        mode: "lines",
        line: { shape: "hv", dash: "dot" },
        name: name.replace(/^TestAlarm-/, "").replace(`-${verdict.endpoint}`, ""),
        x,
        y: verdict.timeline.map((o) => o.alarms[name] ?? "INSUFFICIENT_DATA"),
        yaxis: "y2",
      })),
      ...configs.map((c) => ({ type: "bar", name: c, x: time, y: column<number>(trafficByConfig, c), yaxis: "y3" })),
    ],
    layout: {
      title: text(`Deployment ${verdict.previous ?? "?"} → ${verdict.requested}: ${verdict.outcome}`),
      height: 560,
      barmode: "stack",
      xaxis: { title: text("time (UTC)"), anchor: "y3" },
      yaxis: { domain: [0.64, 1], type: "category", categoryorder: "array", categoryarray: levels(STATUS_ORDER, statuses), title: text("endpoint") },
      yaxis2: { domain: [0.42, 0.58], type: "category", categoryorder: "array", categoryarray: levels(ALARM_ORDER, alarmStates), title: text("alarms") },
      yaxis3: { domain: [0, 0.34], title: text("invocations / period"), rangemode: "tozero" },
      legend: { orientation: "h", y: -0.15 },
    },
  };
}

/** Two variants' series of one metric on one chart (e.g. ModelLatency: production vs shadow). */
export function overlayChart(
  title: string,
  yTitle: string,
  series: ReadonlyArray<{ name: string; frame: DataFrame; column: string }>,
): Figure {
  return {
    data: series.map((s) => ({
      type: "scatter",
      mode: "lines+markers",
      name: s.name,
      x: column<string>(s.frame, "time"),
      y: column<number>(s.frame, s.column),
    })),
    layout: { title: text(title), xaxis: { title: text("time (UTC)") }, yaxis: { title: text(yTitle), rangemode: "tozero" } },
  };
}

export function barChart(title: string, x: readonly string[], y: readonly number[], yTitle: string, colors?: readonly string[]): Figure {
  return {
    data: [{ type: "bar", x, y, marker: colors ? { color: colors } : {}, text: y.map((v) => v.toFixed(3)), textposition: "auto" }],
    layout: { title: text(title), yaxis: { title: text(yTitle), rangemode: "tozero" } },
  };
}

/** A confusion matrix as a heatmap: rows are true labels, columns predictions. */
export function confusionChart(title: string, labels: readonly string[], matrix: readonly number[][]): Figure {
  return {
    data: [
      {
        type: "heatmap",
        x: labels,
        y: labels,
        z: matrix,
        colorscale: "Blues",
        text: matrix.map((row) => row.map(String)),
        texttemplate: "%{text}",
        hovertemplate: "true %{y}, predicted %{x}: %{z}<extra></extra>",
      },
    ],
    layout: { title: text(title), xaxis: { title: text("predicted") }, yaxis: { title: text("true"), autorange: "reversed" } },
  };
}
