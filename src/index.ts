// The notebook's API: everything a cell calls is exported from here. The
// requests themselves are the AWS SDK's own input types, written in the cells.
export { show, toHtml } from "./display";
export type { Figure } from "./charts/figure";
export { runtimeVersions, versionsChart } from "./about";
export { loadConfig, configName, modelName, alarmName, s3Uri, PROFILES, PROJECT_TAG, type NotebookConfig, type Target, type ProfileName, type TimingProfile } from "./config";
export { connect, disconnect } from "./clients";
export { log } from "./log";
export { NotebookError } from "./errors";
export { CLASS_NAMES, dataFile, createBucket, putObject } from "./data";
export { setup, reconnect, loadPayloads, Session, type TaskNumber } from "./session";
export { createModel, createEndpointConfig, type EnsureResult } from "./deploy/resources";
export { createEndpoint, type EndpointResult } from "./deploy/endpoint";
export { updateEndpoint, verdictText, rollbackAlarms, type Verdict } from "./deploy/canary";
export { putMetricAlarm, describeAlarms } from "./alarms";
export { inferenceTest, summaryTable, endpointMetricCharts } from "./tasks/realtime";
export { canaryTimeline, answeredByFleet } from "./tasks/canary";
export { shadowTest, comparisonTable, comparisonText, shadowCharts, publishedQualityChart, type ShadowRun } from "./tasks/shadow-test";
export { deleteEndpoint, deleteEndpointConfig, deleteModel, deleteAlarms, deleteObjectsUnder, cleanupTable, type CleanupRow } from "./cleanup";
export { resourceNames, alarmsTable, verdictTable, shadowSummaryTable, endpointSummary } from "./tasks/overview";
export { tuningJobs } from "./tasks/tuning";
export { strategyFigures, comparisonFrame, findingsText, type StrategyRun, type StrategyFigures } from "./lab/comparison";
export type { Timing } from "./lab/formulas";
export { scalingFrame, configuredWaitSeconds } from "./lab/scaling";
export { tradeOffChart, shiftTimelines } from "./lab/charts";
