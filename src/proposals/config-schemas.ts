/**
 * The config shapes of the data contract (config_versions.config_json), as zod schemas with the
 * contract's bounds. Objects are loose: keys beyond the ones the trading system reads are carried
 * over untouched, so a proposal never drops what it does not understand. Optional keys are the
 * collections a config may leave out (read as empty); scalars the trading system needs are required.
 */
import { z } from 'zod';
import type { TargetType } from './target-types.js';

const label = z.string().min(1);
const positive = z.number().positive();
const fraction = z.number().min(0).max(1);
const labelList = z.array(label);

const strategyConfigSchema = z.looseObject({
  entry_threshold: fraction,
  max_position_notional: positive,
  holding_period_days: z.number().int().positive(),
  blocked_regimes: labelList.optional(),
  excluded_sectors: labelList.optional(),
  sizing: z.looseObject({ lambda_enabled: z.boolean(), lambda: z.number() }).optional(),
  knobs: z.record(z.string(), z.union([z.number(), z.string()], { error: 'expected a number or a string' })).optional(),
});

const overrideRuleSchema = z.looseObject({
  rule_id: label,
  enabled: z.boolean(),
  params: z.record(z.string(), z.unknown()),
});

const riskConfigSchema = z.looseObject({
  strategy_budget_notional: positive,
  max_gross_exposure: positive,
  max_drawdown_stop: fraction,
  override_rules: z
    .array(overrideRuleSchema)
    .refine((rules) => new Set(rules.map((r) => r.rule_id)).size === rules.length, 'rule_id values must be unique')
    .optional(),
});

const promptTemplateSchema = z
  .looseObject({
    active_template_id: label,
    available_template_ids: labelList.min(1),
    temperature: z.number().min(0).max(2),
    max_tokens: z.number().int().positive(),
  })
  .refine((c) => c.available_template_ids.includes(c.active_template_id), {
    message: 'active_template_id must be one of available_template_ids',
    path: ['active_template_id'],
  });

const profileFilterSchema = z
  .looseObject({
    min: z.number().optional(),
    max: z.number().optional(),
    in: z
      .array(z.union([z.string(), z.number()], { error: 'expected a string or a number' }))
      .min(1)
      .optional(),
  })
  .refine((f) => f.min !== undefined || f.max !== undefined || f.in !== undefined, 'a filter needs min, max or in')
  .refine((f) => f.min === undefined || f.max === undefined || f.min <= f.max, 'min must not exceed max');

const universeRulesSchema = z.looseObject({
  min_adv_usd: z.number().min(0),
  max_members: z.number().int().positive(),
  excluded_sectors: labelList.optional(),
  profile_filters: z.record(z.string(), profileFilterSchema).optional(),
});

const sopTemplateSchema = z.looseObject({
  trigger_severity: z.number().int().min(1).max(5),
  derisk_fraction: fraction,
  max_time_to_action_s: positive,
  hedge: z.boolean(),
});

const experimentSchema = z.looseObject({
  kind: z.enum(['BACKTEST', 'PAPER_TRADE']),
  config_overrides: z.record(z.string(), z.unknown()),
  period_days: z.number().int().positive(),
  hypothesis: z.string().trim().min(1),
});

export const CONFIG_SCHEMAS = {
  STRATEGY_CONFIG: strategyConfigSchema,
  RISK_CONFIG: riskConfigSchema,
  PROMPT_TEMPLATE: promptTemplateSchema,
  UNIVERSE_RULES: universeRulesSchema,
  SOP_TEMPLATE: sopTemplateSchema,
  EXPERIMENT: experimentSchema,
} satisfies Record<TargetType, z.ZodType>;

export type StrategyConfig = z.infer<typeof strategyConfigSchema>;
export type RiskConfig = z.infer<typeof riskConfigSchema>;
export type OverrideRule = z.infer<typeof overrideRuleSchema>;
export type PromptTemplateConfig = z.infer<typeof promptTemplateSchema>;
export type UniverseRules = z.infer<typeof universeRulesSchema>;
export type ProfileFilter = z.infer<typeof profileFilterSchema>;
export type SopTemplateConfig = z.infer<typeof sopTemplateSchema>;
export type ExperimentConfig = z.infer<typeof experimentSchema>;

export type ConfigValidation = { ok: true } | { ok: false; error: string };

/**
 * Checks a config_json against the shape of its target type. The error is one line naming the
 * first offending key path.
 *
 * @example
 * validateConfig('SOP_TEMPLATE', { trigger_severity: 9, derisk_fraction: 0.5, max_time_to_action_s: 60, hedge: true });
 * // { ok: false, error: 'SOP_TEMPLATE config: trigger_severity: Too big: expected number to be <=5' }
 */
export function validateConfig(targetType: string, json: unknown): ConfigValidation {
  const schema = (CONFIG_SCHEMAS as Record<string, z.ZodType>)[targetType];
  if (!schema) return { ok: false, error: `unknown target type ${JSON.stringify(targetType)}` };
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true };
  const issue = parsed.error.issues[0];
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  return { ok: false, error: `${targetType} config: ${where}: ${issue.message}` };
}
