// The notebook's API: everything a cell calls is exported from here. The
// requests themselves are the AWS SDK's own input types, written in the cells;
// every helper that talks to AWS takes the session first.

// AWS-facing helpers (src/aws): the session, and each request a cell sends, sent idempotently.
export { setup, reconnect, loadPayloads, Session, type TaskNumber } from "./aws/session";
export {
  loadConfig,
  configName,
  modelName,
  alarmName,
  s3Uri,
  PROFILES,
  PROJECT_TAG,
  type NotebookConfig,
  type Target,
  type ProfileName,
  type TimingProfile,
} from "./aws/config";
export { connect, disconnect } from "./aws/clients";
export { NotebookError } from "./aws/errors";
export { CLASS_NAMES, dataFile, createBucket, putObject } from "./aws/data";
export { createModel, createEndpointConfig, type EnsureResult } from "./aws/deploy/resources";
export { createEndpoint, type EndpointResult } from "./aws/deploy/endpoint";
export { updateEndpoint, rollbackAlarms } from "./aws/deploy/update";
export { verdictText, type Verdict } from "./aws/deploy/verdict";
export { putMetricAlarm, describeAlarms } from "./aws/alarms";

// The view (src/view): showing charts and tables, and logging from a cell.
export { show, toBundle } from "./view/display";
export type { Figure } from "./view/charts/figure";
export { log } from "./view/live/log";

// The tasks (src/tasks): each task's traffic, charts, tables and cleanup.
export { runtimeVersions, versionsChart } from "./tasks/about";
export { tuningJobs } from "./tasks/tuning";
export { resourceNames, alarmsTable, verdictTable, shadowSummaryTable, endpointSummary } from "./tasks/overview";
export { inferenceTest, summaryTable, endpointMetricCharts } from "./tasks/realtime";
export { canaryTimeline, answeredByFleet } from "./tasks/canary";
export {
  shadowTest,
  comparisonTable,
  comparisonText,
  shadowCharts,
  publishedQualityChart,
  type ShadowRun,
} from "./tasks/shadow-test";
export {
  deleteEndpoint,
  deleteEndpointConfig,
  deleteModel,
  deleteAlarms,
  deleteObjectsUnder,
  cleanupTable,
  type CleanupRow,
} from "./tasks/cleanup";

// The strategy lab (src/tasks/lab).
export {
  strategyFigures,
  comparisonFrame,
  findingsText,
  type StrategyRun,
  type StrategyFigures,
} from "./tasks/lab/comparison";
export type { Timing } from "./tasks/lab/formulas";
export { scalingFrame, configuredWaitSeconds } from "./tasks/lab/scaling";
export { tradeOffChart, shiftTimelines } from "./tasks/lab/charts";
