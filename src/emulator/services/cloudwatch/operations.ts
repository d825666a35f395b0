/**
 * CloudWatch's operation table, served by two protocols (query, and awsJson1_0 query-compatible):
 * name → behaviour over the state.
 */
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
import { getMetricData, getMetricStatistics, listMetrics, putMetricData } from "./metrics";
import type { CloudWatchState } from "./state";

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
  };
}
