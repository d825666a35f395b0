/**
 * Composite alarms: PutCompositeAlarm, their evaluation, and the relations between alarms that
 * DescribeAlarms (ChildrenOfAlarmName / ParentsOfAlarmName) and DeleteAlarms read.
 *
 * A composite alarm is ALARM while its rule holds and OK otherwise. It is evaluated when it is
 * created or redefined, and whenever one of its children changes state – after the metric
 * alarms of the same evaluation, children before parents – so a state set with SetAlarmState
 * holds until a child changes (as the API reference says). Composite alarms in a cycle, or
 * above one, are not evaluated (CloudWatch stops evaluating on a cycle); cycles can be created,
 * as on CloudWatch, and keep their members from being deleted.
 *
 * Reasons are CloudWatch's, as its composite alarm events show them:
 *   arn:aws:cloudwatch:us-east-1:000000000000:alarm:errors transitioned to ALARM at Friday 22 July, 2022 15:57:45 UTC
 * with StateReasonData {"triggeringAlarms":[{"arn":…,"state":{"value":"ALARM","timestamp":"2022-07-22T15:57:45.394+0000"}}]}.
 * The triggering alarms are the children whose state changed since the last evaluation (all of
 * them when the alarm is created or redefined); the text names the one that changed last
 * (inferred, as is the text for a rule without children: "The alarm rule evaluated to TRUE.").
 */
import type { DescribeAlarmsCommandInput, PutCompositeAlarmCommandInput } from "@aws-sdk/client-cloudwatch";
import { ServiceError } from "../../errors";
import { localAlarmName, parseAlarmArn } from "./alarm-arn";
import { alarmHead, commonDefinition } from "./alarm-common";
import { holds, parseRule, references, type Rule } from "./alarm-rule";
import type { AlarmStore, AlarmType, CompositeDefinition, CompositeRecord, StateValue } from "./alarm-store";
import { cwErrors } from "./errors";
import { optionalCount, optionalString, required } from "./inputs";
import { reasonDataTime } from "./reasons";
import type { CloudWatchState } from "./state";
import { tagsOf } from "./tags";

/** "Any single alarm can be included in the rule expressions of as many as 150 composite alarms." */
export const MAX_PARENTS = 150;

// The code is the one PutCompositeAlarm declares (LimitExceededFault); the wording is inferred.
const limitExceeded = (message: string) => new ServiceError("LimitExceeded", message, 400);

/** The alarm a rule's reference (name or ARN) names, in the Region of the composite alarm. */
function resolve(composite: CompositeDefinition, reference: string): string | undefined {
  if (!reference.startsWith("arn:")) return reference;
  const region = parseAlarmArn(composite.arn)?.region ?? "";
  return localAlarmName(region, reference);
}

const parsed = new Map<string, Rule>();
/** A stored rule, parsed once (it was checked when it was put). */
function ruleOf(definition: CompositeDefinition): Rule {
  let rule = parsed.get(definition.rule);
  if (!rule) parsed.set(definition.rule, (rule = parseRule(definition.rule)));
  return rule;
}

/** The alarms a composite alarm's rule names, by name, each once. */
export function childrenOf(definition: CompositeDefinition): string[] {
  const names = references(ruleOf(definition)).map((r) => resolve(definition, r) ?? r);
  return [...new Set(names)];
}

/** The composite alarms whose rules name `name`. */
export function parentsOf(store: AlarmStore, name: string): CompositeRecord[] {
  return store.composites().filter((c) => childrenOf(c.definition).includes(name));
}

export async function putCompositeAlarm(s: CloudWatchState, input: PutCompositeAlarmCommandInput): Promise<void> {
  const name = required(input, "AlarmName");
  optionalString(input, "AlarmName", 255);
  const ruleText = required(input, "AlarmRule");
  optionalString(input, "AlarmRule", 10240);
  const tags = tagsOf(input);
  if (s.alarms.get(name))
    throw cwErrors.validationError(`The alarm ${name} is a metric alarm; a composite alarm cannot replace it.`); // wording inferred
  const definition: CompositeDefinition = {
    ...commonDefinition(s.region, name, input),
    rule: ruleText,
    ...suppressorOf(s, input),
  };
  const rule = parseRule(ruleText);
  const named = references(rule);
  const missing = [...new Set(named.filter((r) => !s.alarms.find(resolve(definition, r) ?? "")))];
  if (missing.length > 0) {
    // Wording as CloudWatch gives it; a composite alarm cannot name itself until it exists.
    throw cwErrors.validationError(
      `Could not save the composite alarm as alarms [${missing.join(", ")}] in the alarm rule do not exist`,
    );
  }
  for (const child of new Set(named.map((r) => resolve(definition, r)!))) {
    const parents = parentsOf(s.alarms, child).filter((p) => p.definition.name !== name);
    if (parents.length >= MAX_PARENTS)
      throw limitExceeded(`The alarm ${child} is already in the rules of ${MAX_PARENTS} composite alarms.`);
  }
  await s.alarms.putComposite(definition, tags);
  // Created or redefined: evaluated at once, on every child.
  await Promise.all([evaluateComposite(s.alarms, s.alarms.composite(name)!, true), ...settleComposites(s.alarms)]);
}

function suppressorOf(s: CloudWatchState, input: PutCompositeAlarmCommandInput) {
  const suppressor = optionalString(input, "ActionsSuppressor", 1600);
  const wait = optionalCount(input, "ActionsSuppressorWaitPeriod");
  const extension = optionalCount(input, "ActionsSuppressorExtensionPeriod");
  if (suppressor === undefined) {
    if (wait !== undefined || extension !== undefined)
      throw cwErrors.validationError(
        "ActionsSuppressorWaitPeriod and ActionsSuppressorExtensionPeriod need an ActionsSuppressor.",
      ); // wording inferred
    return {};
  }
  if (wait === undefined || extension === undefined)
    throw cwErrors.validationError(
      "ActionsSuppressorWaitPeriod and ActionsSuppressorExtensionPeriod are required with ActionsSuppressor.",
    ); // wording inferred
  const suppressorName = suppressor.startsWith("arn:") ? localAlarmName(s.region, suppressor) : suppressor;
  if (suppressorName === undefined || !s.alarms.find(suppressorName))
    throw cwErrors.validationError(`The ActionsSuppressor alarm ${suppressor} does not exist.`); // wording inferred
  return {
    actionsSuppressor: suppressor,
    actionsSuppressorWaitPeriod: wait,
    actionsSuppressorExtensionPeriod: extension,
  };
}

/**
 * Evaluates, children first, every composite alarm whose children changed state since its last
 * evaluation. Synchronous in memory (new states are visible on return); the writes are returned.
 */
export function settleComposites(store: AlarmStore): Promise<void>[] {
  const pending = new Map(store.composites().map((c) => [c.definition.name, c]));
  const writes: Promise<void>[] = [];
  for (let progress = true; progress;) {
    progress = false;
    for (const [name, composite] of pending) {
      if (childrenOf(composite.definition).some((child) => pending.has(child))) continue;
      pending.delete(name);
      progress = true;
      writes.push(evaluateComposite(store, store.composite(name) ?? composite, false));
    }
  }
  // What is left is in a cycle or above one: not evaluated.
  return writes;
}

/** One evaluation; `always` evaluates even when no child changed (creation, redefinition). */
function evaluateComposite(store: AlarmStore, composite: CompositeRecord, always: boolean): Promise<void> {
  const a = composite.definition;
  const children = childrenOf(a);
  const states: Record<string, StateValue> = {};
  for (const child of children) {
    const state = store.find(child)?.record.state.value;
    if (state) states[child] = state;
  }
  const changed = children.filter((c) => composite.childStates?.[c] !== states[c]);
  if (!always && changed.length === 0) return Promise.resolve();
  const value = holds(ruleOf(a), (r) => states[resolve(a, r) ?? ""]) ? "ALARM" : "OK";
  const triggering = (always ? children : changed)
    .flatMap((c) => store.find(c)?.record ?? [])
    .sort((x, y) => y.state.transitioned - x.state.transitioned);
  const last = triggering[0];
  const reason = last
    ? `${last.definition.arn} transitioned to ${last.state.value} at ${reasonTime(last.state.transitioned)}`
    : `The alarm rule evaluated to ${value === "ALARM" ? "TRUE" : "FALSE"}.`;
  const reasonData = {
    triggeringAlarms: triggering.map((r) => ({
      arn: r.definition.arn,
      state: { value: r.state.value, timestamp: reasonDataTime(r.state.transitioned) },
    })),
  };
  return Promise.all([store.noteChildStates(a.name, states), store.transition(a.name, value, reason, reasonData)]).then(
    () => {},
  );
}

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const two = (n: number) => String(n).padStart(2, "0");

/** Friday 22 July, 2022 15:57:45 UTC */
function reasonTime(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]}, ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC`;
}

/** DescribeAlarms' CompositeAlarm shape. */
export function compositeAlarm(record: CompositeRecord) {
  const a = record.definition;
  return {
    ...alarmHead(record),
    AlarmRule: a.rule,
    ActionsSuppressor: a.actionsSuppressor,
    ActionsSuppressorWaitPeriod: a.actionsSuppressorWaitPeriod,
    ActionsSuppressorExtensionPeriod: a.actionsSuppressorExtensionPeriod,
  };
}

interface Relative {
  type: AlarmType;
  alarm: { AlarmName: string; AlarmArn: string; StateValue?: StateValue; StateUpdatedTimestamp?: Date };
}

/**
 * DescribeAlarms with ChildrenOfAlarmName or ParentsOfAlarmName: no other filter may come with
 * them (MaxRecords, NextToken and AlarmTypes may; without AlarmTypes both kinds are listed –
 * inferred, since parents are always composite alarms). Children show name, ARN, state and its
 * time; parents name and ARN, as the API reference says.
 */
export function relatives(s: CloudWatchState, input: DescribeAlarmsCommandInput): Relative[] {
  const children = input.ChildrenOfAlarmName;
  const parents = input.ParentsOfAlarmName;
  const others = [input.AlarmNames?.length, input.AlarmNamePrefix, input.StateValue, input.ActionPrefix];
  if ((children !== undefined && parents !== undefined) || others.some((o) => o !== undefined && o !== 0)) {
    throw cwErrors.validationError(
      "If ChildrenOfAlarmName or ParentsOfAlarmName is specified, no other parameter may be specified except MaxRecords and NextToken.",
    ); // wording inferred
  }
  if (children !== undefined) {
    const composite = s.alarms.composite(children);
    const found = (composite ? childrenOf(composite.definition) : []).flatMap((n) => s.alarms.find(n) ?? []);
    return found.map(({ type, record: { definition, state } }) => ({
      type,
      alarm: {
        AlarmName: definition.name,
        AlarmArn: definition.arn,
        StateValue: state.value,
        StateUpdatedTimestamp: new Date(state.updated),
      },
    }));
  }
  return parentsOf(s.alarms, parents!).map(({ definition }) => ({
    type: "CompositeAlarm",
    alarm: { AlarmName: definition.name, AlarmArn: definition.arn },
  }));
}

/**
 * DeleteAlarms' checks: at most one composite alarm a call, and no alarm a composite alarm that
 * stays (or the alarm itself, in a cycle) still names. Nothing is deleted when one fails.
 */
export function checkDeletable(store: AlarmStore, names: readonly string[]): void {
  const composites = names.filter((n) => store.composite(n));
  if (new Set(composites).size > 1)
    throw cwErrors.validationError("You can delete at most one composite alarm in a single DeleteAlarms request."); // wording inferred
  const blocked = [...new Set(names)].filter((n) =>
    parentsOf(store, n).some((p) => p.definition.name === n || !names.includes(p.definition.name)),
  );
  if (blocked.length > 0) {
    throw cwErrors.validationError(
      `Cannot delete ${blocked.join(",")} as there are composite alarm(s) depending on ${blocked.length === 1 ? "it" : "them"}.`,
    );
  }
}
