/** The config targets a proposal can change (the data contract's `target_type`). */
export const TARGET_TYPES = ['STRATEGY_CONFIG', 'RISK_CONFIG', 'PROMPT_TEMPLATE', 'UNIVERSE_RULES', 'SOP_TEMPLATE', 'EXPERIMENT'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];
