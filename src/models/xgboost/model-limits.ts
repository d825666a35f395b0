/**
 * Limits an XGBoost model must keep to be loaded, checked while the model is read, before anything
 * is allocated for it. XGBoost itself sets none; a SageMaker instance runs out of memory instead.
 * These sit far above models the XGBoost container serves (thousands of trees of depth 6–10, tens
 * of classes) and below what one process can predict with without stalling:
 * - classes (num_class): 10,000 – a softprob row is that many floats;
 * - features (num_feature): 1,000,000;
 * - trees: 100,000; nodes: 1,000,000 per tree and 4,000,000 in the model (the JSON of 4M nodes is
 *   about 200 MB).
 * A model past a limit fails to load like any unreadable model: the container answers every
 * invocation 500 "Unable to load model: …".
 * One response holds at most 3,000,000 values: at 2 bytes each ("0,") that is the 6 MB response
 * payload limit of a real-time endpoint.
 */
export const XGBOOST_LIMITS = {
  classes: 10_000,
  features: 1_000_000,
  trees: 100_000,
  nodesPerTree: 1_000_000,
  nodes: 4_000_000,
  responseValues: 3_000_000,
} as const;
