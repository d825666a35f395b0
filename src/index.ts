// The notebook's API: everything a cell calls is exported from here.
export { show, toHtml } from "./display";
export type { Figure } from "./charts/figure";
export { runtimeVersions, versionsChart } from "./about";
