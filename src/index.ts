// The notebook's API: everything a cell calls is exported from here. The
// requests themselves are the AWS SDK's own input types, written in the cells.
export { show, toHtml } from "./view/display";
export type { Figure } from "./view/charts/figure";
export { runtimeVersions, versionsChart } from "./tasks/about";
export { loadConfig, configName, modelName, alarmName, s3Uri, PROFILES, PROJECT_TAG, type NotebookConfig, type Target, type ProfileName, type TimingProfile } from "./aws/config";
export { connect, disconnect } from "./aws/clients";
export { log } from "./view/live/log";
export { NotebookError } from "./aws/errors";
export { CLASS_NAMES, dataFile, createBucket, putObject } from "./aws/data";
export { setup, reconnect, loadPayloads, Session, type TaskNumber } from "./aws/session";
export { createModel, createEndpointConfig, type EnsureResult } from "./aws/deploy/resources";
export { createEndpoint, type EndpointResult } from "./aws/deploy/endpoint";
export { updateEndpoint, rollbackAlarms } from "./aws/deploy/canary";
export { verdictText, type Verdict } from "./aws/deploy/verdict";
export { putMetricAlarm, describeAlarms } from "./aws/alarms";
export { inferenceTest, summaryTable, endpointMetricCharts } from "./tasks/realtime";
export { canaryTimeline, answeredByFleet } from "./tasks/canary";
export { shadowTest, comparisonTable, comparisonText, shadowCharts, publishedQualityChart, type ShadowRun } from "./tasks/shadow-test";
export { deleteEndpoint, deleteEndpointConfig, deleteModel, deleteAlarms, deleteObjectsUnder, cleanupTable, type CleanupRow } from "./tasks/cleanup";
export { resourceNames, alarmsTable, verdictTable, shadowSummaryTable, endpointSummary } from "./tasks/overview";
export { tuningJobs } from "./tasks/tuning";
export { strategyFigures, comparisonFrame, findingsText, type StrategyRun, type StrategyFigures } from "./tasks/lab/comparison";
export type { Timing } from "./tasks/lab/formulas";
export { scalingFrame, configuredWaitSeconds } from "./tasks/lab/scaling";
export { tradeOffChart, shiftTimelines } from "./tasks/lab/charts";
