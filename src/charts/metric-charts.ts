/**
 * Figures of the notebook: metric lines, the deployment timeline, overlays.
 * Pure functions from data to Plotly figures; `show` renders them.
 */
import type { DataFrame } from "danfojs-node";
import type { Verdict } from "../deploy/canary";
import type { Observation } from "../deploy/watch";
import type { Figure } from "./figure";

const column = <T>(frame: DataFrame, name: string): T[] => frame[name].values as T[];

/** One line per column of `frame` against its `time` column. */
export function lineChart(frame: DataFrame, columns: readonly string[], title: string, yTitle: string): Figure {
  const time = column<string>(frame, "time");
  return {
    data: columns.map((c) => ({ type: "scatter", mode: "lines+markers", name: c, x: time, y: column<number>(frame, c) })),
    layout: { title, xaxis: { title: "time (UTC)" }, yaxis: { title: yTitle, rangemode: "tozero" }, showlegend: columns.length > 1 },
  };
}

const STATUS_LEVELS = ["Gone", "Failed", "RollingBack", "Deleting", "Creating", "Updating", "InService"];
const ALARM_LEVELS = ["INSUFFICIENT_DATA", "OK", "ALARM"];

/**
 * The deployment timeline: endpoint status and each alarm's state over time
 * (top), and the traffic each EndpointConfigName's fleet answered (bottom).
 */
export function timelineChart(verdict: Verdict, trafficByConfig: DataFrame, configs: readonly string[]): Figure {
  const at = (o: Observation): string => new Date(o.t).toISOString();
  const x = verdict.timeline.map(at);
  const alarmNames = Object.keys(verdict.timeline[0]?.alarms ?? {});
  const time = column<string>(trafficByConfig, "time");
  return {
    data: [
      {
        type: "scatter",
        mode: "lines+markers",
        line: { shape: "hv", width: 3 },
        name: "EndpointStatus",
        x,
        y: verdict.timeline.map((o) => o.status),
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
      title: `Deployment ${verdict.previous ?? "?"} → ${verdict.requested}: ${verdict.outcome}`,
      barmode: "stack",
      xaxis: { title: "time (UTC)" },
      yaxis: { domain: [0.62, 1], type: "category", categoryorder: "array", categoryarray: STATUS_LEVELS, title: "endpoint" },
      yaxis2: { domain: [0.4, 0.58], type: "category", categoryorder: "array", categoryarray: ALARM_LEVELS, title: "alarms" },
      yaxis3: { domain: [0, 0.34], title: "invocations / period", rangemode: "tozero" },
      legend: { orientation: "h", y: -0.2 },
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
    layout: { title, xaxis: { title: "time (UTC)" }, yaxis: { title: yTitle, rangemode: "tozero" } },
  };
}

export function barChart(title: string, x: readonly string[], y: readonly number[], yTitle: string, colors?: readonly string[]): Figure {
  return {
    data: [{ type: "bar", x, y, marker: colors ? { color: colors } : {}, text: y.map((v) => v.toFixed(3)), textposition: "auto" }],
    layout: { title, yaxis: { title: yTitle } },
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
    layout: { title, xaxis: { title: "predicted" }, yaxis: { title: "true", autorange: "reversed" } },
  };
}
