/**
 * The config_by_volatility scenario's world: today's regime is a calm one, so that the config that did
 * better in calm spells is the one to try now, and stat_arb's calm-spell winner is the zscore_entry
 * value its live config does not have (the live value wins in stressed spells).
 */
import { AS_OF } from '../calendar.js';
import { PLANTED } from '../scenarios.js';
import type { ConfigWorld } from './configs.js';
import { REGIME_PROFILES, type RegimePeriod } from './regimes.js';
import { type KnobValue, strategyById } from './strategies.js';

/**
 * The regime calendar with its open (current) period relabelled calm when it was stressed: LOW_VOL_BULL,
 * or SIDEWAYS when the period before it is LOW_VOL_BULL (neighbouring periods never share a label).
 *
 * @example
 * calmToday(regimes).at(-1)?.label; // 'LOW_VOL_BULL' or 'SIDEWAYS'
 */
export function calmToday(regimes: readonly RegimePeriod[]): RegimePeriod[] {
  const last = regimes[regimes.length - 1];
  if (!last || !REGIME_PROFILES[last.label].stressed) return [...regimes];
  const label = regimes[regimes.length - 2]?.label === 'LOW_VOL_BULL' ? 'SIDEWAYS' : 'LOW_VOL_BULL';
  const profile = REGIME_PROFILES[label];
  const features = { realized_vol: profile.realizedVol, dispersion: profile.dispersion, avg_correlation: profile.avgCorrelation };
  return [...regimes.slice(0, -1), { ...last, label, features }];
}

/**
 * The value of the planted knob that wins in calm spells: the one of its two tuned values that the
 * strategy's live config (at AS_OF) does not have.
 *
 * @example
 * calmWinner(world.configs); // 2.5 when stat_arb's live zscore_entry is 1.5
 */
export function calmWinner(configs: ConfigWorld): KnobValue {
  const { strategyId, knob } = PLANTED.configByVolatility;
  const tuning = strategyById(strategyId).tuning;
  if (tuning.kind !== 'rotation' || !tuning.values[knob]) throw new RangeError(`${strategyId} does not rotate ${knob}`);
  const live = (configs.strategy.get(strategyId)?.at(AS_OF).config_json.knobs as Record<string, KnobValue>)[knob];
  return tuning.values[knob].find((value) => value !== live) ?? live;
}
