/** Small hand-made aggregates for the diagnostics' unit tests. */
import type { Aggregates, PerformanceCellAggregate, PerformanceDimension, ReturnMoments } from '../../../../src/analysis/aggregates.js';
import { createRng } from '../../../../src/analysis/stats/rng.js';

/** The sums of a list of per-trade returns (pnl = return × 1000). */
export function momentsOf(returns: readonly number[]): ReturnMoments {
  const m: ReturnMoments = { n: 0, sum: 0, sum_sq: 0, sum_cube: 0, sum_quad: 0, wins: 0, losses: 0, downside_sq: 0, gross_profit: 0, gross_loss: 0 };
  for (const r of returns) {
    m.n++;
    m.sum += r;
    m.sum_sq += r * r;
    m.sum_cube += r ** 3;
    m.sum_quad += r ** 4;
    if (r > 0) m.wins++;
    if (r < 0) m.losses++;
    m.downside_sq += Math.min(r, 0) ** 2;
    if (r > 0) m.gross_profit += r * 1000;
    if (r < 0) m.gross_loss -= r * 1000;
  }
  return m;
}

/** A performance cell from per-day return lists (day index → that day's trade returns). */
export function cellOf(dimension: PerformanceDimension, key: Record<string, string>, days: Map<number, number[]>): PerformanceCellAggregate {
  const order = [...days.keys()].sort((a, b) => a - b);
  const all = order.flatMap((d) => days.get(d)!);
  return {
    dimension,
    key,
    moments: momentsOf(all),
    daily: {
      day: order,
      n: order.map((d) => days.get(d)!.length),
      sum: order.map((d) => days.get(d)!.reduce((s, r) => s + r, 0)),
      sum_sq: order.map((d) => days.get(d)!.reduce((s, r) => s + r * r, 0)),
      pnl: order.map((d) => days.get(d)!.reduce((s, r) => s + r * 1000, 0)),
      notional: order.map((d) => days.get(d)!.length * 1000),
    },
    quantiles: null,
  };
}

/** Normal-ish returns: `perDay` trades on each of `days` days, mean `mean`, sd `sd`, from `seed`. */
export function randomDays(days: number[], perDay: number, mean: number, sd: number, seed: number): Map<number, number[]> {
  const rng = createRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return new Map(days.map((d) => [d, Array.from({ length: perDay }, () => mean + sd * normal())]));
}

export const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Aggregates with nothing in them; tests fill the parts they exercise. */
export function emptyAggregates(overrides: Partial<Aggregates> = {}): Aggregates {
  return {
    version: 1,
    window: { as_of: '2026-06-29T00:00:00.000Z', start: '2026-03-31T00:00:00.000Z', end: '2026-06-29T00:00:00.000Z', days: 90 },
    quality: {
      trades: 0,
      decisions: 0,
      null_returns: 0,
      non_finite_returns: 0,
      null_forward_returns: 0,
      non_finite_forward_returns: 0,
      unknown_regime_trades: 0,
      unknown_regime_decisions: 0,
      unknown_config_trades: 0,
      duplicate_trades: 0,
      outside_regime_period: 0,
    },
    active_days: [],
    day_regimes: new Array(90).fill(null),
    regimes: [],
    performance: [],
    quantile_sample_rate: 1,
    strategy_capital: {},
    tails: {},
    tail_cap: 2000,
    overrides: [],
    calibration: [],
    assessment: [],
    template_slots: {},
    flips: [],
    knob_outcomes: [],
    knob_versions: [],
    backtests: [],
    sops: [],
    sop_versions: [],
    ...overrides,
  };
}
