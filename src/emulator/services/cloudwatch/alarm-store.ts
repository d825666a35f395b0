/**
 * Metric and composite alarms, their tags and their history, persisted in the state directory
 * (one document per alarm, one per history item). Alarm names are unique across both kinds.
 * Every state change goes through `transition`, which records the StateUpdate history item AWS
 * shows in DescribeAlarmHistory. History outlives the alarm, as on CloudWatch, and is kept for
 * 14 days.
 */
import type { MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { Clock } from "../../clock";
import type { Quarantine } from "../../store/quarantine";
import { Collection } from "../../store/collection";
import type { Tag } from "@aws-sdk/client-cloudwatch";
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

/** What PutCompositeAlarm sets; replaced whole by the next PutCompositeAlarm of the same name. */
export interface CompositeDefinition extends Pick<
  AlarmDefinition,
  "name" | "arn" | "description" | "actionsEnabled" | "okActions" | "alarmActions" | "insufficientDataActions"
> {
  rule: string;
  actionsSuppressor?: string;
  actionsSuppressorWaitPeriod?: number;
  actionsSuppressorExtensionPeriod?: number;
}

interface StoredAlarm<D> {
  definition: D;
  configurationUpdated: number;
  state: AlarmState;
  /** Set when the alarm is created and by TagResource / UntagResource only. */
  tags?: Tag[];
}

export type AlarmRecord = StoredAlarm<AlarmDefinition>;

export interface CompositeRecord extends StoredAlarm<CompositeDefinition> {
  /** The states of its children when the composite alarm was last evaluated, by child name. */
  childStates?: Record<string, StateValue>;
}

export type AlarmType = "MetricAlarm" | "CompositeAlarm";

export type HistoryItemType = "ConfigurationUpdate" | "StateUpdate" | "Action";

export interface HistoryItem {
  alarmName: string;
  /** Absent on items recorded before composite alarms existed: those are all MetricAlarm. */
  alarmType?: AlarmType;
  time: number;
  type: HistoryItemType;
  summary: string;
  data: string;
}

const HISTORY_RETENTION_MS = 14 * 24 * 3600 * 1000;
const INITIAL_REASON = "Unchecked: Initial alarm creation";

export class AlarmStore {
  /** When each alarm last entered ALARM in this process (a brief ALARM still counts for guardrails). */
  private readonly enteredAlarm = new Map<string, number>();
  private sequence = 0;

  private constructor(
    private readonly alarms: Collection<AlarmRecord>,
    private readonly compositeAlarms: Collection<CompositeRecord>,
    private readonly history: Collection<HistoryItem>,
    private readonly clock: Clock,
  ) {}

  static async open(dir: string, clock: Clock, quarantine: Quarantine): Promise<AlarmStore> {
    const store = new AlarmStore(
      await Collection.open(join(dir, "alarms"), quarantine),
      await Collection.open(join(dir, "composite-alarms"), quarantine),
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

  /** Every metric alarm, by name (DescribeAlarms lists them in that order). */
  all(): AlarmRecord[] {
    return [...this.alarms.values()].sort(byName);
  }

  composite(name: string): CompositeRecord | undefined {
    return this.compositeAlarms.get(name);
  }

  /** Every composite alarm, by name. */
  composites(): CompositeRecord[] {
    return [...this.compositeAlarms.values()].sort(byName);
  }

  /** The alarm of either kind, with its kind. */
  find(name: string): { type: AlarmType; record: AlarmRecord | CompositeRecord } | undefined {
    const metric = this.alarms.get(name);
    if (metric) return { type: "MetricAlarm", record: metric };
    const composite = this.compositeAlarms.get(name);
    return composite && { type: "CompositeAlarm", record: composite };
  }

  /** Whether the alarm (metric or composite) exists and is in ALARM (what deployment guardrails watch). */
  inAlarm(name: string): boolean {
    return this.find(name)?.record.state.value === "ALARM";
  }

  /** Whether the alarm is in ALARM or entered it at or after `since` (what deployment guardrails watch). */
  alarmedSince(name: string, since: number): boolean {
    return this.inAlarm(name) || (this.enteredAlarm.get(name) ?? -Infinity) >= since;
  }

  /**
   * Creates the alarm (INSUFFICIENT_DATA, with `tags`) or replaces its definition, keeping its
   * state and tags (as AWS does: Tags on an update are ignored).
   */
  put(definition: AlarmDefinition, tags: Tag[] = []): Promise<void> {
    return this.define(this.alarms, "MetricAlarm", definition, tags);
  }

  putComposite(definition: CompositeDefinition, tags: Tag[] = []): Promise<void> {
    return this.define(this.compositeAlarms, "CompositeAlarm", definition, tags);
  }

  async delete(name: string): Promise<void> {
    const found = this.find(name);
    if (!found) return;
    await Promise.all([
      found.type === "MetricAlarm" ? this.alarms.delete(name) : this.compositeAlarms.delete(name),
      this.record(name, found.type, "ConfigurationUpdate", `Alarm "${name}" deleted`, {
        version: "1.0",
        type: "Delete",
        deletedAlarm: found.record.definition,
      }),
    ]);
  }

  async setActionsEnabled(name: string, enabled: boolean): Promise<void> {
    const found = this.find(name);
    if (!found || found.record.definition.actionsEnabled === enabled) return;
    const now = this.clock.now();
    await this.change(name, (r) => ({
      ...r,
      definition: { ...r.definition, actionsEnabled: enabled },
      configurationUpdated: now,
    }));
  }

  /** Replaces the alarm's tags (TagResource / UntagResource). */
  async setTags(name: string, tags: Tag[]): Promise<void> {
    await this.change(name, (r) => ({ ...r, tags }));
  }

  /** Remembers the children's states a composite alarm was evaluated on. */
  async noteChildStates(name: string, childStates: Record<string, StateValue>): Promise<void> {
    const existing = this.compositeAlarms.get(name);
    if (existing) await this.compositeAlarms.put(name, { ...existing, childStates });
  }

  /** Moves the alarm to `value` with its reason; a no-op when it is already in that state. */
  async transition(name: string, value: StateValue, reason: string, reasonData?: object): Promise<void> {
    const found = this.find(name);
    if (!found || found.record.state.value === value) return;
    const existing = found.record;
    const now = this.clock.now();
    const data = reasonData && JSON.stringify(reasonData);
    if (value === "ALARM") this.enteredAlarm.set(name, now);
    // Both documents change in memory before this returns: readers see the new state at once.
    await Promise.all([
      this.change(name, (r) => ({ ...r, state: { value, reason, reasonData: data, updated: now, transitioned: now } })),
      this.record(name, found.type, "StateUpdate", `Alarm updated from ${existing.state.value} to ${value}`, {
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

  private async define<D extends { name: string }, R extends StoredAlarm<D>>(
    alarms: Collection<R>,
    alarmType: AlarmType,
    definition: D,
    tags: Tag[],
  ): Promise<void> {
    const now = this.clock.now();
    const existing = alarms.get(definition.name);
    const state: AlarmState = existing?.state ?? {
      value: "INSUFFICIENT_DATA",
      reason: INITIAL_REASON,
      updated: now,
      transitioned: now,
    };
    const [kind, member] = existing ? ["updated", "updatedAlarm"] : ["created", "createdAlarm"];
    const record = { ...existing, definition, configurationUpdated: now, state, tags: existing?.tags ?? tags } as R;
    await Promise.all([
      alarms.put(definition.name, record),
      this.record(definition.name, alarmType, "ConfigurationUpdate", `Alarm "${definition.name}" ${kind}`, {
        version: "1.0",
        type: existing ? "Update" : "Create",
        [member]: definition,
      }),
    ]);
  }

  /** Rewrites the alarm of either kind (its kind-specific members kept by `update`). */
  private async change(name: string, update: <R extends StoredAlarm<object>>(record: R) => R): Promise<void> {
    const metric = this.alarms.get(name);
    if (metric) return this.alarms.put(name, update(metric));
    const composite = this.compositeAlarms.get(name);
    if (composite) return this.compositeAlarms.put(name, update(composite));
  }

  private record(
    alarmName: string,
    alarmType: AlarmType,
    type: HistoryItemType,
    summary: string,
    data: object,
  ): Promise<void> {
    const time = this.clock.now();
    // Keys sort by time, then by order of recording; the UUID keeps keys of two processes apart.
    const key = `${String(time).padStart(15, "0")}-${String(this.sequence++).padStart(9, "0")}-${randomUUID()}`;
    return this.history.put(key, { alarmName, alarmType, time, type, summary, data: JSON.stringify(data) });
  }
}

const byName = (a: { definition: { name: string } }, b: { definition: { name: string } }) =>
  a.definition.name < b.definition.name ? -1 : 1;
