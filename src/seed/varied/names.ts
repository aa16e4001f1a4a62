/**
 * The varied world's vocabulary, drawn per seed: strategy, regime, rule, template, sector, universe and
 * knob names in several spellings, so that nothing downstream can lean on one naming scheme.
 */
import type { Random } from '../random.js';

const STRATEGY_STEMS = ['carry', 'basis', 'skew', 'breakout', 'pairs', 'macro', 'drift', 'gap', 'news', 'seasonal', 'flow', 'quality', 'value', 'dispersion'];
const STRATEGY_SUFFIXES = ['', '_book', '-desk', '.alpha', '_v2', 'Engine'];

const REGIME_SCHEMES: readonly string[][] = [
  ['LOW_VOL_BULL', 'HIGH_VOL_BEAR', 'CRISIS', 'RANGE_BOUND', 'RECOVERY'],
  ['calm', 'stressed', 'trending', 'choppy'],
  ['R1', 'R2', 'R3', 'R4'],
  ['risk-on', 'risk-off', 'neutral'],
  ['Expansion', 'Slowdown', 'Contraction', 'Rebound', 'Panic'],
];

const SECTOR_SCHEMES: readonly string[][] = [
  ['Information Technology', 'Health Care', 'Financials', 'Energy', 'Materials', 'Industrials', 'Consumer Staples', 'Real Estate'],
  ['tech', 'pharma', 'banks', 'oil_gas', 'mining', 'autos', 'retail'],
  ['S10', 'S15', 'S20', 'S25', 'S30', 'S35', 'S40', 'S45', 'S50'],
  ['SEMIS', 'SOFTWARE', 'BIOTECH', 'INSURANCE', 'SHIPPING', 'UTILITIES_EU'],
];

const RULE_STEMS = [
  'max-gap',
  'news_freeze',
  'VolGuard',
  'adv_min',
  'spread-cap',
  'halt_watch',
  'beta_limit',
  'rule_17',
  'short_borrow',
  'fx_exposure',
  'drawdown.brake',
  'crowding',
];
const KNOB_NAMES = ['window', 'halflife', 'entry_z', 'exit_z', 'decay', 'min_volume', 'signal_lag', 'band_width', 'top_n', 'smoothing'];
const UNIVERSE_NAMES = ['EU Liquid 300', 'asia_mid', 'US-ALL', 'world_top', 'nordics', 'em_core'];
const TEMPLATE_SCHEMES: readonly ((n: number) => string)[] = [
  (n) => `assess-${2024 + Math.floor(n / 3)}.${n % 3}`,
  (n) => `scoring_prompt_${String.fromCharCode(65 + n)}`,
  (n) => `tmpl/${n + 11}`,
];
const SLOTS = ['assessment', 'assessor', 'scoring'];
const MARKETS = ['EQUITY_US', 'global', 'EU', 'APAC'];
const SOP_NAMES = ['crash-playbook', 'liquidity_runbook', 'SOP_A', 'sop.gap', 'circuit'];

export interface VariedNames {
  strategies: string[];
  regimeLabels: string[];
  sectors: string[];
  rules: string[];
  knobs: string[];
  universes: string[];
  templates: string[];
  slot: string;
  market: string;
  sops: string[];
}

/**
 * `counts` of each kind of name, distinct within a kind.
 *
 * @example
 * variedNames(Random.stream(7, 'names'), { strategies: 5, rules: 8, templates: 4 }).strategies; // e.g. ['skew-desk', 'pairs', …]
 */
export function variedNames(rng: Random, counts: { strategies: number; rules: number; templates: number }): VariedNames {
  const suffix = rng.pick(STRATEGY_SUFFIXES);
  const template = rng.pick(TEMPLATE_SCHEMES);
  const labels = rng.pick(REGIME_SCHEMES);
  return {
    strategies: rng
      .shuffled(STRATEGY_STEMS)
      .slice(0, counts.strategies)
      .map((stem) => `${stem}${suffix}`),
    regimeLabels: rng.shuffled(labels).slice(0, rng.int(3, labels.length)),
    sectors: rng.shuffled(rng.pick(SECTOR_SCHEMES)).slice(0, 6),
    rules: rng.shuffled(RULE_STEMS).slice(0, counts.rules),
    knobs: rng.shuffled(KNOB_NAMES),
    universes: rng.shuffled(UNIVERSE_NAMES).slice(0, rng.int(2, 3)),
    templates: Array.from({ length: counts.templates }, (_, i) => template(i)),
    slot: rng.pick(SLOTS),
    market: rng.pick(MARKETS),
    sops: rng.shuffled(SOP_NAMES).slice(0, 2),
  };
}
