/** What every alarm has, metric or composite: the members Put*Alarm sets and DescribeAlarms shows alike. */
import type { AlarmDefinition, AlarmRecord, CompositeRecord } from "./alarm-store";
import { alarmArn } from "./alarm-arn";
import { optionalString, stringList } from "./inputs";

type CommonDefinition = Pick<
  AlarmDefinition,
  "name" | "arn" | "description" | "actionsEnabled" | "okActions" | "alarmActions" | "insufficientDataActions"
>;

/** The name, ARN, description and actions of a PutMetricAlarm or PutCompositeAlarm input. */
export function commonDefinition(
  region: string,
  name: string,
  input: {
    AlarmDescription?: string;
    ActionsEnabled?: boolean;
    OKActions?: string[];
    AlarmActions?: string[];
    InsufficientDataActions?: string[];
  },
): CommonDefinition {
  return {
    name,
    arn: alarmArn(region, name),
    description: optionalString(input, "AlarmDescription", 1024),
    actionsEnabled: input.ActionsEnabled ?? true,
    okActions: stringList(input, "OKActions", 5),
    alarmActions: stringList(input, "AlarmActions", 5),
    insufficientDataActions: stringList(input, "InsufficientDataActions", 5),
  };
}

/** The members DescribeAlarms shows for every alarm. */
export function alarmHead({ definition: a, configurationUpdated, state }: AlarmRecord | CompositeRecord) {
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    AlarmDescription: a.description,
    AlarmConfigurationUpdatedTimestamp: new Date(configurationUpdated),
    ActionsEnabled: a.actionsEnabled,
    OKActions: a.okActions,
    AlarmActions: a.alarmActions,
    InsufficientDataActions: a.insufficientDataActions,
    StateValue: state.value,
    StateReason: state.reason,
    StateReasonData: state.reasonData,
    StateUpdatedTimestamp: new Date(state.updated),
    StateTransitionedTimestamp: new Date(state.transitioned),
  };
}
