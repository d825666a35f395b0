/**
 * Metric alarms and their history, persisted in the state directory (one document per alarm,
 * one per history item). Every state change goes through `transition`, which records the
 * StateUpdate history item AWS shows in DescribeAlarmHistory. History outlives the alarm, as on
 * CloudWatch, and is kept for 14 days.
 */
import type { MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { Clock } from "../../clock";
import type { Quarantine } from "../../store/quarantine";
import { Collection } from "../../store/collection";
import type { MetricId } from "./metric-id";

export const STATE_VALUES = ["OK", "ALARM", "INSUFFICIENT_DATA"] as const;
export type StateValue = (typeof STATE_VALUES)[number];

export const COMPARISON_OPERATORS = [
  "GreaterThanOrEqualToThreshold",
  "GreaterThanThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export const TREAT_MISSING_DATA = ["breaching", "notBreaching", "ignore", "missing"] as const;
export type TreatMissingData = (typeof TREAT_MISSING_DATA)[number];

/** What PutMetricAlarm sets; replaced whole by the next PutMetricAlarm of the same name. */
export interface AlarmDefinition {
  name: string;
  arn: string;
  description?: string;
  actionsEnabled: boolean;
  okActions: string[];
  alarmActions: string[];
  insufficientDataActions: string[];
  /** The alarm's metric, or – for an alarm on metric math – its `metrics` (PutMetricAlarm's Metrics, as sent). */
  metric?: MetricId;
  metrics?: MetricDataQuery[];
  /** Exactly one of statistic / extendedStatistic (pNN), for an alarm on one metric. */
  statistic?: string;
  extendedStatistic?: string;
  period: number;
  unit?: string;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold: number;
  comparisonOperator: ComparisonOperator;
  treatMissingData?: TreatMissingData;
  evaluateLowSampleCountPercentile?: string;
}

export interface AlarmState {
  value: StateValue;
  reason: string;
  reasonData?: string;
  /** Last change of the state (value or reason), and of the value alone. */
  updated: number;
  transitioned: number;
}

export interface AlarmRecord {
  definition: AlarmDefinition;
  configurationUpdated: number;
  state: AlarmState;
}

export type HistoryItemType = "ConfigurationUpdate" | "StateUpdate" | "Action";

export interface HistoryItem {
  alarmName: string;
  time: number;
  type: HistoryItemType;
  summary: string;
  data: string;
}

const HISTORY_RETENTION_MS = 14 * 24 * 3600 * 1000;
const INITIAL_REASON = "Unchecked: Initial alarm creation";

export class AlarmStore {
  private sequence = 0;

  private constructor(
    private readonly alarms: Collection<AlarmRecord>,
    private readonly history: Collection<HistoryItem>,
    private readonly clock: Clock,
  ) {}

  static async open(dir: string, clock: Clock, quarantine: Quarantine): Promise<AlarmStore> {
    const store = new AlarmStore(
      await Collection.open(join(dir, "alarms"), quarantine),
      await Collection.open(join(dir, "alarm-history"), quarantine),
      clock,
    );
    const oldest = clock.now() - HISTORY_RETENTION_MS;
    for (const key of [...store.history.keys()])
      if (store.history.get(key)!.time < oldest) await store.history.delete(key);
    return store;
  }

  get(name: string): AlarmRecord | undefined {
    return this.alarms.get(name);
  }

  /** Every alarm, by name (DescribeAlarms lists them in that order). */
  all(): AlarmRecord[] {
    return [...this.alarms.values()].sort((a, b) => (a.definition.name < b.definition.name ? -1 : 1));
  }

  /** Whether the alarm exists and is in ALARM (what deployment guardrails watch). */
  inAlarm(name: string): boolean {
    return this.alarms.get(name)?.state.value === "ALARM";
  }

  /** Creates the alarm (INSUFFICIENT_DATA) or replaces its definition, keeping its state (as AWS does). */
  async put(definition: AlarmDefinition): Promise<void> {
    const now = this.clock.now();
    const existing = this.alarms.get(definition.name);
    const state = existing?.state ?? {
      value: "INSUFFICIENT_DATA",
      reason: INITIAL_REASON,
      updated: now,
      transitioned: now,
    };
    const [kind, member] = existing ? ["updated", "updatedAlarm"] : ["created", "createdAlarm"];
    await Promise.all([
      this.alarms.put(definition.name, { definition, configurationUpdated: now, state }),
      this.record(definition.name, "ConfigurationUpdate", `Alarm "${definition.name}" ${kind}`, {
        version: "1.0",
        type: existing ? "Update" : "Create",
        [member]: definition,
      }),
    ]);
  }

  async delete(name: string): Promise<void> {
    const existing = this.alarms.get(name);
    if (!existing) return;
    await Promise.all([
      this.alarms.delete(name),
      this.record(name, "ConfigurationUpdate", `Alarm "${name}" deleted`, {
        version: "1.0",
        type: "Delete",
        deletedAlarm: existing.definition,
      }),
    ]);
  }

  async setActionsEnabled(name: string, enabled: boolean): Promise<void> {
    const existing = this.alarms.get(name);
    if (!existing || existing.definition.actionsEnabled === enabled) return;
    await this.alarms.put(name, {
      ...existing,
      definition: { ...existing.definition, actionsEnabled: enabled },
      configurationUpdated: this.clock.now(),
    });
  }

  /** Moves the alarm to `value` with its reason; a no-op when it is already in that state. */
  async transition(name: string, value: StateValue, reason: string, reasonData?: object): Promise<void> {
    const existing = this.alarms.get(name);
    if (!existing || existing.state.value === value) return;
    const now = this.clock.now();
    const data = reasonData && JSON.stringify(reasonData);
    // Both documents change in memory before this returns: readers see the new state at once.
    await Promise.all([
      this.alarms.put(name, {
        ...existing,
        state: { value, reason, reasonData: data, updated: now, transitioned: now },
      }),
      this.record(name, "StateUpdate", `Alarm updated from ${existing.state.value} to ${value}`, {
        version: "1.0",
        oldState: {
          stateValue: existing.state.value,
          stateReason: existing.state.reason,
          stateReasonData: existing.state.reasonData && (JSON.parse(existing.state.reasonData) as unknown),
        },
        newState: { stateValue: value, stateReason: reason, stateReasonData: reasonData },
      }),
    ]);
  }

  /** History items, oldest first. */
  items(): HistoryItem[] {
    return [...this.history.keys()].sort().map((key) => this.history.get(key)!);
  }

  private record(alarmName: string, type: HistoryItemType, summary: string, data: object): Promise<void> {
    const time = this.clock.now();
    // Keys sort by time, then by order of recording; the UUID keeps keys of two processes apart.
    const key = `${String(time).padStart(15, "0")}-${String(this.sequence++).padStart(9, "0")}-${randomUUID()}`;
    return this.history.put(key, { alarmName, time, type, summary, data: JSON.stringify(data) });
  }
}
