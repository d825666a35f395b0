/** CloudWatch's state and the collaborators its operations need (no HTTP). */
import type { Clock } from "../../clock";
import type { AlarmStore } from "./alarm-store";
import type { MetricStore } from "./metric-store";

export interface CloudWatchState {
  metrics: MetricStore;
  alarms: AlarmStore;
  clock: Clock;
  /** In alarm ARNs. */
  region: string;
  /** Brings in what is due to be published by now (runtime/publication.ts) before a metric read. */
  beforeRead(): void;
}
