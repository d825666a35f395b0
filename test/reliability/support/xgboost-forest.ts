/**
 * XGBoost JSON models of a chosen size for the reliability suite: full binary trees of `depth`
 * splitting feature 0, leaves holding 1/trees so a row's margin sums to about 1.
 */
export function forest(options: { objective: string; numClass?: number; trees: number; depth: number }): string {
  const nodes = 2 ** (options.depth + 1) - 1;
  const internal = 2 ** options.depth - 1;
  const tree = JSON.stringify({
    left_children: Array.from({ length: nodes }, (_, i) => (i < internal ? 2 * i + 1 : -1)),
    right_children: Array.from({ length: nodes }, (_, i) => (i < internal ? 2 * i + 2 : -1)),
    split_indices: Array.from({ length: nodes }, () => 0),
    split_conditions: Array.from({ length: nodes }, (_, i) => (i < internal ? (i % 7) / 7 : 1 / options.trees)),
    default_left: Array.from({ length: nodes }, () => 0),
  });
  return (
    `{"learner":{"learner_model_param":{"base_score":"5E-1","num_class":"${options.numClass ?? 0}","num_feature":"1"},` +
    `"objective":{"name":"${options.objective}"},"gradient_booster":{"name":"gbtree","model":{` +
    `"trees":[${Array.from({ length: options.trees }, () => tree).join(",")}],` +
    `"tree_info":[${Array.from({ length: options.trees }, () => 0).join(",")}]}}}}`
  );
}
