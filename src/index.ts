// The notebook's API: everything a cell calls is exported from here. The
// requests themselves are the AWS SDK's own input types, written in the cells;
// every helper that talks to AWS takes the session first.

// AWS-facing helpers (src/aws): the session, and each request a cell sends, sent idempotently.
export { setup, reconnect, loadPayloads } from "./aws/session";
export { s3Uri, PROFILES, PROJECT_TAG } from "./aws/config";
export { settings, type Target } from "./aws/settings";
export { dataFile } from "./aws/data";
export { createBucket, putObject } from "./aws/staging";
export { createModel, createEndpointConfig } from "./aws/deploy/resources";
export { createEndpoint } from "./aws/deploy/endpoint";
export { updateEndpoint } from "./aws/deploy/update";
export { verdictText } from "./aws/deploy/verdict";
export { putMetricAlarm, putCompositeAlarm, describeAlarms } from "./aws/alarms";

// The view (src/view): showing charts and tables, and logging from a cell.
export { show } from "./view/display";
export { log } from "./view/live/log";

// The tasks (src/tasks): each task's traffic, charts, tables and cleanup.
export { tuningJobs } from "./tasks/tuning";
export { resourceNames, alarmsTable, verdictTable, shadowSummaryTable, endpointSummary } from "./tasks/overview";
export { inferenceTest, summaryTable, endpointMetricCharts } from "./tasks/realtime";
export { canaryTimeline, answeredByFleet } from "./tasks/canary";
export { shadowTest, comparisonTable, comparisonText, shadowCharts, publishedQualityChart } from "./tasks/shadow-test";
export {
  deleteEndpoint,
  deleteEndpointConfig,
  deleteModel,
  deleteAlarms,
  deleteObjectsUnder,
  cleanupTable,
  cleanupText,
  type CleanupRow,
} from "./tasks/cleanup";

// The strategy lab (src/tasks/lab).
export { strategyFigures, comparisonFrame, findingsText, type StrategyRun } from "./tasks/lab/comparison";
export type { Timing } from "./tasks/lab/formulas";
export { scalingFrame, configuredWaitSeconds, scalingNote, runTimeText } from "./tasks/lab/scaling";
export { tradeOffChart, shiftTimelines } from "./tasks/lab/charts";
export {
  alarmDesignFigures,
  alarmDesignFrame,
  alarmDesignFindings,
  type AlarmDesignRun,
} from "./tasks/lab/alarm-design";
