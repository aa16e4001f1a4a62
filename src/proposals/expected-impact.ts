import { z } from 'zod';

/**
 * What a proposal is expected to change, stated so that the post-apply verification can measure it:
 * one metric over a scope of the trading system's rows, the direction that counts as better, and the
 * evaluation period after which it is judged.
 */

/**
 * The measurable outcomes, each a mean over rows so before and after compare with a Welch test:
 * - `mean_return`: mean `trades.return_pct` of the trades opened in the period;
 * - `mean_abs_pnl`: mean `|trades.pnl|` (the size of outcomes; a smaller budget should shrink it);
 * - `error_rate`: share of `pipeline_decisions` with an `assessment_error`;
 * - `loss_avoided`: mean `pnl_during_event − counterfactual_pnl` of `emergency_sop_executions`;
 * - `none`: nothing live to measure (an experiment).
 */
export type ImpactMetric = 'mean_return' | 'mean_abs_pnl' | 'error_rate' | 'loss_avoided' | 'none';

/** Which rows the metric is computed on; each key is a column of the metric's table, each value the allowed values. */
export interface ImpactScope {
  strategy_id?: string[];
  universe_id?: string[];
  prompt_template_id?: string[];
  sop_template_id?: string[];
}

export interface ExpectedImpact {
  metric: ImpactMetric;
  scope: ImpactScope;
  direction: 'increase' | 'decrease' | 'none';
  /** The metric's value in the evidence before the change, when the evidence has it. */
  baseline: number | null;
  /** The value the evidence points to after the change, when it can be estimated. */
  expected: number | null;
  /** How long the change must be live before it is judged, e.g. "14d" (from the policy). */
  evaluation_period: string;
  description: string;
}

/** A stored expected impact (expected_impact_json, meta_verifications.predicted_json) as {@link impact} writes it. */
export const expectedImpactSchema = z.object({
  metric: z.enum(['mean_return', 'mean_abs_pnl', 'error_rate', 'loss_avoided', 'none']),
  scope: z.object({
    strategy_id: z.array(z.string()).optional(),
    universe_id: z.array(z.string()).optional(),
    prompt_template_id: z.array(z.string()).optional(),
    sop_template_id: z.array(z.string()).optional(),
  }),
  direction: z.enum(['increase', 'decrease', 'none']),
  baseline: z.number().nullable(),
  expected: z.number().nullable(),
  evaluation_period: z.string(),
  description: z.string(),
}) satisfies z.ZodType<ExpectedImpact>;

/**
 * An expected impact with its evaluation period filled in from the policy.
 *
 * @example
 * impact('mean_return', { strategy_id: ['momentum'] }, 'increase', '14d', 'fewer losing trades', { baseline: -0.004 });
 */
export function impact(
  metric: ImpactMetric,
  scope: ImpactScope,
  direction: ExpectedImpact['direction'],
  evaluationPeriod: string,
  description: string,
  values: { baseline?: number | null; expected?: number | null } = {},
): ExpectedImpact {
  return {
    metric,
    scope,
    direction,
    baseline: values.baseline ?? null,
    expected: values.expected ?? null,
    evaluation_period: evaluationPeriod,
    description,
  };
}

/**
 * The impact of an experiment on a strategy: none on any live config; its result informs a later proposal.
 *
 * @example
 * experimentImpact('momentum', '14d');
 */
export function experimentImpact(strategyId: string, evaluationPeriod: string): ExpectedImpact {
  return impact('none', { strategy_id: [strategyId] }, 'none', evaluationPeriod, 'an experiment changes no live config; its result informs a later proposal');
}
