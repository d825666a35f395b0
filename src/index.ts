// The notebook's API: everything a cell calls is exported from here.
export { show, toHtml } from "./display";
export type { Figure } from "./charts/figure";
export { runtimeVersions, versionsChart } from "./about";
export { loadConfig, configName, modelName, alarmName, PROFILES, type NotebookConfig, type Target } from "./config";
export { connect, disconnect } from "./clients";
export { log } from "./log";
export { CLASS_NAMES } from "./data";
export { ensureAlarms, describeAlarms } from "./alarms";
export { verdictText, type Verdict } from "./deploy/canary";
export { setup, type Session } from "./tasks/session";
export { ensureVersion } from "./tasks/resources";
export { deployV1, inferenceTest, summaryTable, endpointMetricCharts } from "./tasks/realtime";
export { prepareCanaries, canary, canaryTimeline, answeredByFleet } from "./tasks/canary";
export { prepareShadows, shadowTest, comparisonTable, comparisonText, shadowCharts, publishedQualityChart } from "./tasks/shadow-test";
export { cleanup } from "./cleanup";
export { resourceNames, alarmsTable, verdictTable, shadowSummaryTable } from "./tasks/overview";
export { tuningJobs } from "./tasks/tuning";
export type { ShadowRun } from "./tasks/shadow-test";
