/** The variant names the notebook's endpoint configs use (the original's `AllTraffic`, and the shadow's). */
export const PRODUCTION_VARIANT = "AllTraffic";
export const SHADOW_VARIANT = "ShadowVariant";
