/**
 * The trading system the synthetic history describes: its strategies, their return model parameters,
 * their tunable knobs and their risk rules. Means are per trade, net of fees; volatilities are the per-trade
 * standard deviation in the SIDEWAYS regime (other regimes scale it, see regimes.ts).
 */

export type KnobValue = number | string;

export interface RuleSpec {
  rule_id: string;
  /** BLOCK rules stop a decision; RESIZE rules shrink its notional. */
  action: 'BLOCK' | 'RESIZE';
  /** Overrides per executed trade of a strategy the rule applies to, in calm regimes. */
  rate: number;
  /** Multiplier of `rate` in stressed regimes (volatility breakers fire there). */
  stressFactor: number;
  params: Record<string, number | string | boolean>;
}

/**
 * How config versions change the knobs, always one knob per version:
 * - `occasional`: every `everyDays` days a knob drawn at random takes another of its `values`;
 * - `rotation`: two knobs with two values each are rotated through their four combinations for equal
 *   trading time within every regime period, so neither is confounded with the other nor with the regime.
 */
export type Tuning =
  | { kind: 'occasional'; everyDays: [number, number]; values: Record<string, KnobValue[]> }
  | { kind: 'rotation'; values: Record<string, [KnobValue, KnobValue]> };

export interface StrategySpec {
  id: string;
  /** Share of decisions and trades. */
  weight: number;
  meanReturn: number;
  volatility: number;
  feeRate: number;
  longShare: number;
  holdingPeriodDays: number;
  entryThreshold: number;
  maxPositionNotional: number;
  budgetNotional: number;
  universe: string;
  excludedSectors: string[];
  sleeves: string[];
  sizing: { lambda_enabled: boolean; lambda: number };
  knobs: Record<string, KnobValue>;
  tuning: Tuning;
  rules: RuleSpec[];
}

export const STRATEGIES: readonly StrategySpec[] = [
  {
    id: 'momentum',
    weight: 0.26,
    meanReturn: 0.003,
    volatility: 0.012,
    feeRate: 0.0006,
    longShare: 0.7,
    holdingPeriodDays: 5,
    entryThreshold: 0.6,
    maxPositionNotional: 250_000,
    budgetNotional: 20_000_000,
    universe: 'us_large_cap',
    excludedSectors: [],
    sleeves: ['momentum_core', 'momentum_tilt'],
    sizing: { lambda_enabled: true, lambda: 0.5 },
    knobs: { lookback_days: 120, skip_days: 5, vol_target: 0.15 },
    tuning: {
      kind: 'occasional',
      everyDays: [35, 60],
      values: { lookback_days: [90, 120, 180], skip_days: [5, 10], vol_target: [0.12, 0.15, 0.2] },
    },
    rules: [{ rule_id: 'momentum_crowding_cap', action: 'RESIZE', rate: 0.06, stressFactor: 1, params: { max_crowding_score: 0.8 } }],
  },
  {
    id: 'mean_reversion',
    weight: 0.22,
    meanReturn: 0.003,
    volatility: 0.012,
    feeRate: 0.0008,
    longShare: 0.5,
    holdingPeriodDays: 3,
    entryThreshold: 0.55,
    maxPositionNotional: 150_000,
    budgetNotional: 12_000_000,
    universe: 'us_small_mid',
    excludedSectors: [],
    sleeves: ['mean_reversion_fast', 'mean_reversion_slow'],
    sizing: { lambda_enabled: false, lambda: 0 },
    knobs: { zscore_entry: 2, zscore_exit: 0.5, max_hold_days: 3 },
    tuning: {
      kind: 'occasional',
      everyDays: [40, 70],
      values: { zscore_entry: [1.8, 2, 2.2], zscore_exit: [0.3, 0.5], max_hold_days: [3, 4] },
    },
    rules: [{ rule_id: 'gap_filter', action: 'BLOCK', rate: 0.06, stressFactor: 1.5, params: { max_gap_pct: 0.04 } }],
  },
  {
    id: 'stat_arb',
    weight: 0.22,
    meanReturn: 0.0025,
    volatility: 0.01,
    feeRate: 0.0005,
    longShare: 0.5,
    holdingPeriodDays: 4,
    entryThreshold: 0.58,
    maxPositionNotional: 200_000,
    budgetNotional: 15_000_000,
    universe: 'global_liquid',
    excludedSectors: [],
    sleeves: ['stat_arb_pairs', 'stat_arb_baskets'],
    sizing: { lambda_enabled: true, lambda: 0.35 },
    knobs: { lookback_days: 20, zscore_entry: 1.5, half_life_days: 5, hedge_mode: 'beta' },
    tuning: { kind: 'rotation', values: { lookback_days: [20, 60], zscore_entry: [1.5, 2.5] } },
    rules: [{ rule_id: 'correlation_break_guard', action: 'BLOCK', rate: 0.05, stressFactor: 2, params: { min_pair_correlation: 0.6 } }],
  },
  {
    id: 'event_driven',
    weight: 0.2,
    meanReturn: 0.0035,
    volatility: 0.014,
    feeRate: 0.0006,
    longShare: 0.6,
    holdingPeriodDays: 2,
    entryThreshold: 0.65,
    maxPositionNotional: 120_000,
    budgetNotional: 8_000_000,
    universe: 'us_small_mid',
    excludedSectors: ['UTILITIES'],
    sleeves: ['event_driven_earnings', 'event_driven_guidance'],
    sizing: { lambda_enabled: false, lambda: 0 },
    knobs: { min_surprise: 0.05, entry_delay_min: 30, event_types: 'earnings,guidance' },
    tuning: {
      kind: 'occasional',
      everyDays: [30, 55],
      values: { min_surprise: [0.03, 0.05, 0.08], entry_delay_min: [15, 30, 60] },
    },
    rules: [{ rule_id: 'earnings_blackout', action: 'BLOCK', rate: 0.4, stressFactor: 1, params: { days_before_earnings: 2 } }],
  },
  {
    id: 'trend_following',
    weight: 0.1,
    meanReturn: 0.003,
    volatility: 0.018,
    feeRate: 0.0004,
    longShare: 0.6,
    holdingPeriodDays: 10,
    entryThreshold: 0.55,
    maxPositionNotional: 300_000,
    budgetNotional: 25_000_000,
    universe: 'global_liquid',
    excludedSectors: [],
    sleeves: ['trend_following_fast', 'trend_following_slow'],
    sizing: { lambda_enabled: true, lambda: 0.6 },
    knobs: { fast_ma: 20, slow_ma: 100, atr_stop: 3 },
    tuning: {
      kind: 'occasional',
      everyDays: [45, 80],
      values: { fast_ma: [20, 30], slow_ma: [100, 150], atr_stop: [2.5, 3, 3.5] },
    },
    rules: [{ rule_id: 'drawdown_throttle', action: 'RESIZE', rate: 0.05, stressFactor: 2, params: { drawdown_trigger: 0.08 } }],
  },
];

/** Rules of the `global` RISK_CONFIG: they apply to every strategy. */
export const GLOBAL_RULES: readonly RuleSpec[] = [
  { rule_id: 'vol_circuit_breaker', action: 'BLOCK', rate: 0.03, stressFactor: 4, params: { max_realized_vol: 0.35 } },
  { rule_id: 'liquidity_floor', action: 'BLOCK', rate: 0.025, stressFactor: 1.5, params: { min_adv_usd: 5_000_000 } },
  { rule_id: 'sector_concentration', action: 'RESIZE', rate: 0.05, stressFactor: 1, params: { max_sector_weight: 0.3 } },
  { rule_id: 'gross_exposure_cap', action: 'RESIZE', rate: 0.03, stressFactor: 1.5, params: { max_gross_ratio: 1.5 } },
];

export const GLOBAL_BUDGET_NOTIONAL = 80_000_000;

export function strategyById(id: string): StrategySpec {
  const found = STRATEGIES.find((s) => s.id === id);
  if (!found) throw new Error(`unknown strategy ${id}`);
  return found;
}
