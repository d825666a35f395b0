/** A CloudWatch metric: namespace, name and dimensions, and the key that names its series. */

export interface Dimension {
  Name: string;
  Value: string;
}

export interface MetricId {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

export const seriesKey = (id: MetricId) =>
  JSON.stringify([
    id.namespace,
    id.metricName,
    [...id.dimensions].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0)).map((d) => [d.Name, d.Value]),
  ]);
