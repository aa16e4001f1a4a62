/**
 * How much a proposal is expected to change its target metric, and what that is worth in money per week
 * at the strategy's recent activity, from the shrunk effects of the findings behind it (confidence.ts):
 * each with a 95 % interval from the effect's posterior. Deterministic code computes every number; the
 * rationale and the model only quote them.
 */
import type { ShrunkEffect } from './confidence.js';
import { type EvidenceFinding, extraNumber, type ImpactEstimate } from './evidence.js';

/** z of a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/** One finding's contribution: a mean and a standard deviation, for the metric and for money. */
interface Part {
  metric: string;
  change: number;
  changeSd: number;
  money: { mean: number; sd: number } | null;
  basis: string;
  /** Parts about disjoint sets of trades add up; others (sleeves of one strategy) overlap, and the smallest counts. */
  additive: boolean;
}

interface Input {
  finding: EvidenceFinding;
  effect: ShrunkEffect;
  weeks: number;
  /** The share of the exposure a budget change keeps, when the change is one. */
  exposureScale: number | undefined;
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const amount = (x: number) => Math.round(x).toLocaleString('en-US');

/** Removing a losing cell's trades (a blocked regime, an excluded sector or profile bucket). */
function removedTrades({ finding: f, effect, weeks }: Input): Part {
  const restN = extraNumber(f, 'rest_n') ?? 0;
  const share = f.n / (f.n + restN);
  const notional = extraNumber(f, 'notional');
  const perWeek = f.n / weeks;
  // The scope's mean moves from share·θ + (1 − share)·rest to rest: by share·(rest − θ).
  const base = `removes ${perWeek.toFixed(1)} trades/week with mean ${pct(effect.shrunk)} (raw ${pct(effect.raw)}), ${(share * 100).toFixed(1)} % of the scope's trades`;
  return {
    metric: f.metric,
    change: share * (f.baseline - effect.shrunk),
    changeSd: share * effect.shrunk_sd,
    money: notional === null ? null : { mean: (-effect.shrunk * notional) / weeks, sd: (effect.shrunk_sd * notional) / weeks },
    additive: true,
    basis: notional === null ? `${base}; no notional in the evidence, so no money figure` : `${base}, at ${amount(notional / weeks)} notional/week`,
  };
}

/** Trading what an override rule blocked or resized: its decisions' forward return on the notional it took away. */
function releasedOverrides({ finding: f, effect, weeks }: Input): Part {
  const forgone = extraNumber(f, 'forgone_pnl');
  const shrunkValue = f.baseline + effect.shrunk;
  // Σ forward_return × notional taken away, over the mean forward return, is the notional taken away.
  const notional = forgone !== null && Math.abs(f.value) > 0 ? forgone / f.value : null;
  const base = `the ${(f.n / weeks).toFixed(1)} overridden decisions/week did ${pct(effect.shrunk)} better than the approved ones (raw ${pct(effect.raw)})`;
  return {
    metric: f.metric,
    change: effect.shrunk,
    changeSd: effect.shrunk_sd,
    money: notional === null || !(notional > 0) ? null : { mean: (shrunkValue * notional) / weeks, sd: (effect.shrunk_sd * notional) / weeks },
    additive: true,
    basis:
      notional === null || !(notional > 0)
        ? `${base}; no notional taken away in the evidence, so no money figure`
        : `${base}, on ${amount(notional / weeks)} notional/week taken away`,
  };
}

/** A change whose money effect the evidence does not price: the finding's own metric moves back by the shrunk effect. */
function unpriced(reason: string) {
  return ({ finding: f, effect }: Input): Part => ({
    metric: f.metric,
    change: -effect.shrunk,
    changeSd: effect.shrunk_sd,
    money: null,
    additive: false,
    basis: `the change undoes ${f.metric} ${effect.shrunk.toPrecision(3)} (raw ${effect.raw.toPrecision(3)}); ${reason}`,
  });
}

/** An SOP roll-back: each execution avoids the loss the previous version avoided. */
function sopExecutions(input: Input): Part {
  const { finding: f, effect, weeks } = input;
  if (f.metric !== 'loss_avoided_diff') return unpriced('the difference is a share of the event loss, so no money figure')(input);
  const perWeek = f.n / weeks;
  return {
    metric: f.metric,
    change: -effect.shrunk,
    changeSd: effect.shrunk_sd,
    money: { mean: -effect.shrunk * perWeek, sd: effect.shrunk_sd * perWeek },
    additive: true,
    basis: `${perWeek.toFixed(2)} executions/week each avoid ${(-effect.shrunk).toPrecision(3)} more (raw ${(-effect.raw).toPrecision(3)})`,
  };
}

/**
 * A budget cut to a share s of the exposure: the strategy's future PnL scales by s, so it changes by
 * (s − 1) × its live PnL, a loss when the strategy makes money live and a gain when it loses. The live
 * PnL is taken as measured: the shrunk effect is the gap to the backtest, which the cut does not price.
 */
function budgetCut(input: Input): Part {
  const { finding: f, weeks, exposureScale } = input;
  const pnl = extraNumber(f, 'strategy_live_pnl');
  const se = extraNumber(f, 'strategy_live_pnl_se');
  if (exposureScale === undefined || pnl === null || se === null) return unpriced('no live PnL of the strategy in the evidence, so no money figure')(input);
  const cut = 1 - exposureScale;
  const money = { mean: (-cut * pnl) / weeks, sd: (cut * se) / weeks };
  return {
    metric: 'live_pnl_per_week',
    change: money.mean,
    changeSd: money.sd,
    money,
    additive: false,
    basis: `the strategy's live trades made ${amount(pnl / weeks)}/week (standard error ${amount(se / weeks)}); keeping ${pct(exposureScale)} of its exposure scales that by ${exposureScale.toFixed(3)}`,
  };
}

const ESTIMATORS: Partial<Record<string, (input: Input) => Part>> = {
  STRATEGY_LOSES_IN_REGIME: removedTrades,
  SECTOR_LOSES: removedTrades,
  PROFILE_BUCKET_LOSES: removedTrades,
  LOW_SCORE_LOSES: removedTrades,
  OVERRIDE_RULE_DESTROYS_VALUE: releasedOverrides,
  PROMPT_TEMPLATE_ERRORS: unpriced('assessment errors have no price in the data, so no money figure'),
  LIVE_BELOW_BACKTEST: budgetCut,
  SOP_VERSION_WORSE: sopExecutions,
  VERIFICATION_WORSE: unpriced('the revert restores the measured state, so no money figure'),
};

function interval(mean: number, sd: number): [number, number] {
  return [mean - Z95 * sd, mean + Z95 * sd];
}

/**
 * The expected impact of a change resting on some findings over a window of `windowDays` (a budget
 * change also says the share of exposure it keeps); the parts of several findings about disjoint cells
 * add up (their variances too), overlapping ones count by the smallest. Null for a change with nothing
 * live to move (an experiment).
 *
 * @example
 * estimateImpact([{ finding, effect: shrunkEffect(finding, run) }], 90);
 * // { metric: 'mean_return', change: 0.0021, change_ci: [0.0018, 0.0024], money_per_week: 5120, … }
 */
export function estimateImpact(
  findings: { finding: EvidenceFinding; effect: ShrunkEffect }[],
  windowDays: number | null,
  exposureScale?: number,
): ImpactEstimate | null {
  const weeks = (windowDays ?? 0) / 7;
  const parts = findings.flatMap(({ finding, effect }) => {
    const estimator = ESTIMATORS[finding.kind];
    return estimator && weeks > 0 && Number.isFinite(effect.shrunk_sd) ? [estimator({ finding, effect, weeks, exposureScale })] : [];
  });
  if (parts.length === 0) return null;
  const counted = parts.every((p) => p.additive) ? parts : [parts.reduce((min, p) => (Math.abs(p.change) < Math.abs(min.change) ? p : min))];
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const change = sum(counted.map((p) => p.change));
  const changeSd = Math.sqrt(sum(counted.map((p) => p.changeSd ** 2)));
  const priced = counted.every((p) => p.money !== null);
  const money = priced ? sum(counted.map((p) => p.money!.mean)) : null;
  const moneySd = priced ? Math.sqrt(sum(counted.map((p) => p.money!.sd ** 2))) : null;
  return {
    metric: [...new Set(parts.map((p) => p.metric))].join(', '),
    change,
    change_ci: interval(change, changeSd),
    money_per_week: money,
    money_per_week_ci: money === null || moneySd === null ? null : interval(money, moneySd),
    basis: [...new Set(parts.map((p) => p.basis))],
  };
}

/**
 * The estimate stored in a proposal's evidence_json, or null when it has none (an experiment, a revert,
 * or a proposal stored before estimates existed).
 *
 * @example
 * storedImpactEstimate(row.evidence_json)?.money_per_week; // 5120
 */
export function storedImpactEstimate(evidenceJson: unknown): ImpactEstimate | null {
  const estimate = (evidenceJson as { impact_estimate?: unknown } | null)?.impact_estimate as ImpactEstimate | null | undefined;
  return estimate && typeof estimate.change === 'number' && Array.isArray(estimate.change_ci) && Array.isArray(estimate.basis) ? estimate : null;
}

/**
 * The estimate in words, one line for the metric and one for money, numbers to 4 significant digits.
 *
 * @example
 * describeImpactEstimate(estimate);
 * // ['mean_return: +0.002118 (95 % interval [0.001804, 0.002432])', 'money: +5120/week (95 % interval [4380, 5860]) at the recent activity']
 */
export function describeImpactEstimate(estimate: ImpactEstimate): string[] {
  const n = (x: number) => Number(x.toPrecision(4)).toString();
  const signed = (x: number) => (x > 0 ? `+${n(x)}` : n(x));
  const range = ([low, high]: [number, number]) => `(95 % interval [${n(low)}, ${n(high)}])`;
  const money =
    estimate.money_per_week === null || estimate.money_per_week_ci === null
      ? 'money: not estimated (see the basis)'
      : `money: ${signed(estimate.money_per_week)}/week ${range(estimate.money_per_week_ci)} at the recent activity`;
  return [`${estimate.metric}: ${signed(estimate.change)} ${range(estimate.change_ci)}`, money];
}
