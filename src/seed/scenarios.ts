/**
 * The scenarios: each is the same base history plus planted effects. The planted cells and their sizes
 * are fixed here, so the ground truth and the generator read the same numbers.
 */
import { SeedError } from './seed-error.js';

export const EFFECT_NAMES = ['regime_loss', 'live_below_backtest', 'override_blocks_winners', 'template_errors', 'knob_no_effect', 'sop_regression'] as const;
/** Effects planted only by their own scenario, never by demo (whose findings stay as they are). */
export const SEPARATE_EFFECT_NAMES = ['config_by_volatility'] as const;
export type EffectName = (typeof EFFECT_NAMES)[number] | (typeof SEPARATE_EFFECT_NAMES)[number];

export const SCENARIO_NAMES = [...EFFECT_NAMES, ...SEPARATE_EFFECT_NAMES, 'null', 'demo'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/**
 * The planted cells. Means are per trade, net of fees; the base history gives every strategy one mean in
 * every regime, sector and profile bucket (see world/strategies.ts).
 */
export const PLANTED = {
  /** momentum loses in SIDEWAYS markets (whipsaw), and only there. */
  regimeLoss: { strategyId: 'momentum', regimeLabel: 'SIDEWAYS', meanReturn: -0.01 },
  /** mean_reversion's backtests come from a much stronger model than its live trading. */
  liveBelowBacktest: { strategyId: 'mean_reversion', backtestMeanReturn: 0.009, liveMeanReturn: 0 },
  /** event_driven's earnings blackout blocks the very trades where its edge is. */
  overrideRule: { strategyId: 'event_driven', ruleId: 'earnings_blackout', blockedForwardMean: 0.02 },
  /** The newest assessment template fails to parse or times out far more often. */
  templateErrors: { templateId: 'assessment-v7', betterTemplateId: 'assessment-v6', errorRate: 0.25, baseErrorRate: 0.03 },
  /** stat_arb's lookback matters, its entry z-score (tuned in turn with it) does not. */
  knob: {
    strategyId: 'stat_arb',
    knob: 'lookback_days',
    meanByValue: { 20: -0.0025, 60: 0.0075 } as Record<string, number>,
    inertKnob: 'zscore_entry',
  },
  /** market_crash_sop v3 cut exposure later and less than v2, so it avoided a smaller share of the loss. */
  sop: { templateId: 'market_crash_sop', versionNo: 3, avoidedShare: 0.2, previousAvoidedShare: 0.65, baseAvoidedShare: 0.5 },
  /**
   * stat_arb's zscore_entry: the live value earns `edge` more per trade than the strategy's mean in
   * stressed spells and `edge` less in calm ones, the other value the reverse; today is calm.
   */
  configByVolatility: { strategyId: 'stat_arb', knob: 'zscore_entry', edge: 0.004 },
} as const;

/** The effects a scenario plants. */
export function plantedEffectsOf(scenario: ScenarioName): ReadonlySet<EffectName> {
  if (scenario === 'demo') return new Set(EFFECT_NAMES);
  if (scenario === 'null') return new Set();
  return new Set([scenario]);
}

/** Narrows a name to a scenario, or explains in one line what the valid names are. */
export function parseScenario(name: string): ScenarioName {
  if ((SCENARIO_NAMES as readonly string[]).includes(name)) return name as ScenarioName;
  throw new SeedError(`unknown scenario ${JSON.stringify(name)}: use one of ${SCENARIO_NAMES.join(', ')}`);
}

/** The kinds of world: `standard` (src/seed/world/) and `varied` (src/seed/varied/, names and layouts drawn per seed). */
export const WORLD_KINDS = ['standard', 'varied'] as const;
export type WorldKind = (typeof WORLD_KINDS)[number];

/** Narrows a name to a world kind, or explains in one line what the valid names are. */
export function parseWorld(name: string): WorldKind {
  if ((WORLD_KINDS as readonly string[]).includes(name)) return name as WorldKind;
  throw new SeedError(`unknown world ${JSON.stringify(name)}: use one of ${WORLD_KINDS.join(', ')}`);
}
