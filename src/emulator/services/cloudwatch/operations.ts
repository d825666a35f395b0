/**
 * CloudWatch's operation table, served by two protocols (query, and awsJson1_0 query-compatible):
 * name → behaviour over the state, and name → input shape (the API model's, as the SDK client
 * ships it), by which both protocols decode the request into the behaviour's typed input.
 */
import {
  DeleteAlarmsInput$,
  DescribeAlarmHistoryInput$,
  DescribeAlarmsForMetricInput$,
  DescribeAlarmsInput$,
  DisableAlarmActionsInput$,
  EnableAlarmActionsInput$,
  GetMetricDataInput$,
  GetMetricStatisticsInput$,
  ListMetricsInput$,
  ListTagsForResourceInput$,
  PutCompositeAlarmInput$,
  PutMetricAlarmInput$,
  PutMetricDataInput$,
  SetAlarmStateInput$,
  TagResourceInput$,
  UntagResourceInput$,
} from "@aws-sdk/client-cloudwatch";
import type { InputShapes } from "../../protocols/shapes";
import type { Operations } from "../../protocols/types";
import { operationsOver } from "../operations";
import {
  deleteAlarms,
  describeAlarmHistory,
  describeAlarms,
  describeAlarmsForMetric,
  disableAlarmActions,
  enableAlarmActions,
  putMetricAlarm,
  setAlarmState,
} from "./alarms";
import { putCompositeAlarm } from "./composite";
import { getMetricData, getMetricStatistics, listMetrics, putMetricData } from "./metrics";
import type { CloudWatchState } from "./state";
import { listTagsForResource, tagResource, untagResource } from "./tags";

export function cloudWatchOperations(s: CloudWatchState): Operations {
  const bind = operationsOver(s);
  return {
    PutMetricData: bind(putMetricData),
    GetMetricStatistics: bind(getMetricStatistics),
    GetMetricData: bind(getMetricData),
    ListMetrics: bind(listMetrics),
    PutMetricAlarm: bind(putMetricAlarm),
    DescribeAlarms: bind(describeAlarms),
    DescribeAlarmsForMetric: bind(describeAlarmsForMetric),
    DescribeAlarmHistory: bind(describeAlarmHistory),
    DeleteAlarms: bind(deleteAlarms),
    SetAlarmState: bind(setAlarmState),
    EnableAlarmActions: bind(enableAlarmActions),
    DisableAlarmActions: bind(disableAlarmActions),
    PutCompositeAlarm: bind(putCompositeAlarm),
    TagResource: bind(tagResource),
    UntagResource: bind(untagResource),
    ListTagsForResource: bind(listTagsForResource),
  };
}

export const CLOUDWATCH_INPUT_SHAPES: InputShapes = {
  PutMetricData: PutMetricDataInput$,
  GetMetricStatistics: GetMetricStatisticsInput$,
  GetMetricData: GetMetricDataInput$,
  ListMetrics: ListMetricsInput$,
  PutMetricAlarm: PutMetricAlarmInput$,
  DescribeAlarms: DescribeAlarmsInput$,
  DescribeAlarmsForMetric: DescribeAlarmsForMetricInput$,
  DescribeAlarmHistory: DescribeAlarmHistoryInput$,
  DeleteAlarms: DeleteAlarmsInput$,
  SetAlarmState: SetAlarmStateInput$,
  EnableAlarmActions: EnableAlarmActionsInput$,
  DisableAlarmActions: DisableAlarmActionsInput$,
  PutCompositeAlarm: PutCompositeAlarmInput$,
  TagResource: TagResourceInput$,
  UntagResource: UntagResourceInput$,
  ListTagsForResource: ListTagsForResourceInput$,
};
