/**
 * Tails and stress, per strategy: historical Expected Shortfall (per trade and per day), the tail index ξ
 * of its losses (a Generalized Pareto fitted over a threshold), and synthetic stress paths: a stationary
 * block bootstrap of its returns on crisis days (the regime with the highest realised volatility, or a
 * label naming a crisis), volatility scaled up, with the Expected Shortfall and drawdown of each path.
 */
import type { Aggregates } from '../aggregates.js';
import { expectedShortfall } from '../metrics/expected-shortfall.js';
import { maxDrawdown } from '../metrics/max-drawdown.js';
import { blockBootstrapIndices } from '../stats/block-bootstrap-indices.js';
import { optimalBlockLength } from '../stats/block-length.js';
import { fitGeneralizedPareto } from '../stats/generalized-pareto.js';
import { quantile } from '../stats/quantile.js';
import { createRng, deriveSeed } from '../stats/rng.js';
import { type DiagnosticCell, insufficient, makeCell, MIN_SAMPLE } from './cell.js';
import { dailyReturns } from './daily-returns.js';

const SECTION = 'tail_and_stress';
const PATHS = 200;
const PATH_DAYS = 20;
const VOL_SCALES = [1, 1.5, 2] as const;

/** The crisis label: the regime with the highest time-weighted realized_vol feature, else one named like a crisis. */
export function crisisLabel(agg: Aggregates): string | null {
  const withVol = agg.regimes.filter((r) => Number.isFinite(r.features.realized_vol));
  if (withVol.length > 0) return withVol.sort((a, b) => b.features.realized_vol - a.features.realized_vol)[0].label;
  return agg.regimes.find((r) => /crisis|crash|stress/i.test(r.label))?.label ?? null;
}

/** Tail index of the worst returns: threshold at the 10 % worst trades (capped by the tail sample). */
function tailIndex(tail: readonly number[], n: number) {
  const k = Math.min(Math.ceil(0.1 * n), tail.length - 1);
  if (k < 10) return { xi: NaN, beta: NaN, exceedances: k, threshold: NaN };
  const losses = tail.map((r) => -r);
  const threshold = losses[k];
  const fit = fitGeneralizedPareto(losses.slice(0, k).map((l) => l - threshold));
  return { xi: fit.xi, beta: fit.beta, exceedances: k, threshold };
}

/** ES and drawdown over stress paths: crisis days resampled in blocks, demeaned deviations scaled by `scale`. */
function stressPaths(crisis: number[], seed: number) {
  const mean = crisis.reduce((s, r) => s + r, 0) / crisis.length;
  const block = Math.max(1, optimalBlockLength(crisis).stationary);
  const out: Record<string, number> = {};
  for (const scale of VOL_SCALES) {
    const rng = createRng(deriveSeed(seed, `scale=${scale}`));
    const es: number[] = [];
    const drawdowns: number[] = [];
    for (let p = 0; p < PATHS; p++) {
      const path = blockBootstrapIndices('stationary', crisis.length, block, rng)
        .slice(0, PATH_DAYS)
        .map((i) => mean + scale * (crisis[i] - mean));
      es.push(expectedShortfall(path));
      drawdowns.push(maxDrawdown(path));
    }
    out[`es_95_x${scale}`] = quantile(es, 0.5);
    out[`es_95_x${scale}_worst_5pct`] = quantile(es, 0.05);
    out[`max_drawdown_x${scale}`] = quantile(drawdowns, 0.5);
    out[`max_drawdown_x${scale}_worst_5pct`] = quantile(drawdowns, 0.05);
  }
  return out;
}

/**
 * @example
 * const cells = tailAndStressSection(aggregates, 7);
 */
export function tailAndStressSection(agg: Aggregates, seed: number): DiagnosticCell[] {
  const crisis = crisisLabel(agg);
  return agg.performance
    .filter((c) => c.dimension === 'strategy')
    .map((cell) => {
      const strategy = cell.key.strategy_id;
      const daily = dailyReturns(cell.daily, agg.active_days, agg.strategy_capital[strategy]);
      // The tail sample comes from the quantile sample: scale the trade count the same way.
      const tail = tailIndex(agg.tails[strategy] ?? [], Math.round(cell.moments.n * agg.quantile_sample_rate));
      const base = makeCell({
        section: SECTION,
        subject: { strategy_id: strategy },
        metric: 'expected_shortfall_95',
        n: cell.moments.n,
        value: cell.quantiles?.es95 ?? NaN,
        effect: cell.quantiles?.es95 ?? NaN,
        regimes_covered: crisis ? [crisis] : [],
        extra: {
          daily_es_95: expectedShortfall(daily),
          tail_index_xi: tail.xi,
          tail_scale_beta: tail.beta,
          tail_exceedances: tail.exceedances,
          tail_threshold_loss: tail.threshold,
          crisis_label: crisis,
          quantile_sample_rate: agg.quantile_sample_rate,
        },
      });
      // The strategy's days are among the active days, so `daily` lines up with agg.active_days.
      const crisisDays = daily.filter((_, i) => crisis !== null && agg.day_regimes[agg.active_days[i]] === crisis);
      if (crisisDays.length < MIN_SAMPLE.days) return insufficient(base, `fewer than ${MIN_SAMPLE.days} crisis days for stress paths`);
      return { ...base, extra: { ...base.extra, crisis_days: crisisDays.length, ...stressPaths(crisisDays, deriveSeed(seed, base.id)) } };
    });
}
