/**
 * Universes: their UNIVERSE_RULES, and the monthly snapshots whose members are the instruments passing
 * the rules in force on the snapshot day (profile filters on the profile version of that day).
 */
import { AS_OF, DAY_MS, REGIME_DAYS, daysBeforeAsOf, isoDay } from '../calendar.js';
import { round } from '../round.js';
import { Timeline } from '../timeline.js';
import type { ConfigVersion } from './config-version.js';
import type { Instrument } from './instruments.js';

export interface UniverseRulesConfig {
  min_adv_usd: number;
  max_members: number;
  excluded_sectors: string[];
  profile_filters: Record<string, { min?: number; max?: number; in?: (string | number)[] }>;
}

/** Each universe's rules: the first version and the later revision, with its day (days before AS_OF). */
export const UNIVERSE_RULES: Record<string, { first: UniverseRulesConfig; revision: Partial<UniverseRulesConfig>; revisedDaysAgo: number }> = {
  us_large_cap: {
    first: { min_adv_usd: 20_000_000, max_members: 40, excluded_sectors: [], profile_filters: { market_cap_bucket: { in: ['LARGE'] } } },
    revision: { max_members: 45 },
    revisedDaysAgo: 200,
  },
  us_small_mid: {
    first: {
      min_adv_usd: 1_000_000,
      max_members: 60,
      excluded_sectors: [],
      profile_filters: { market_cap_bucket: { in: ['MID', 'SMALL'] }, leverage: { max: 4 } },
    },
    revision: { min_adv_usd: 2_000_000 },
    revisedDaysAgo: 160,
  },
  global_liquid: {
    first: { min_adv_usd: 10_000_000, max_members: 50, excluded_sectors: [], profile_filters: { quality_score: { min: 0.25 } } },
    revision: { profile_filters: { quality_score: { min: 0.3 } } },
    revisedDaysAgo: 100,
  },
};

export interface UniverseMember {
  instrument: Instrument;
  weight: number;
}

export interface UniverseSnapshot {
  universe_id: string;
  name: string;
  as_of: number;
  rules: UniverseRulesConfig;
  config_version_id: string;
  members: UniverseMember[];
}

const SNAPSHOT_EVERY_DAYS = 28;

function passes(instrument: Instrument, at: number, rules: UniverseRulesConfig): boolean {
  const attributes = instrument.profiles.at(at).attributes;
  if (attributes.adv_usd < rules.min_adv_usd || rules.excluded_sectors.includes(instrument.sector)) return false;
  return Object.entries(rules.profile_filters).every(([name, filter]) => {
    const value = attributes[name];
    if (filter.in && !filter.in.includes(value)) return false;
    if (filter.min !== undefined && !(typeof value === 'number' && value >= filter.min)) return false;
    if (filter.max !== undefined && !(typeof value === 'number' && value <= filter.max)) return false;
    return true;
  });
}

/**
 * Every snapshot of every universe, every 28 days from REGIME_DAYS before AS_OF, as a timeline per universe name.
 *
 * @example
 * const snapshots = buildUniverseSnapshots(instruments, configs.universe);
 * snapshots.get('us_large_cap')?.at(AS_OF).members.length; // ≤ 45
 */
export function buildUniverseSnapshots(
  instruments: readonly Instrument[],
  rulesByUniverse: ReadonlyMap<string, Timeline<ConfigVersion>>,
): Map<string, Timeline<UniverseSnapshot>> {
  const result = new Map<string, Timeline<UniverseSnapshot>>();
  for (const [name, rulesTimeline] of rulesByUniverse) {
    const snapshots: UniverseSnapshot[] = [];
    for (let day = daysBeforeAsOf(REGIME_DAYS); day < AS_OF; day += SNAPSHOT_EVERY_DAYS * DAY_MS) {
      const version = rulesTimeline.at(day);
      const rules = version.config_json as unknown as UniverseRulesConfig;
      const chosen = instruments
        .filter((instrument) => passes(instrument, day, rules))
        .sort((a, b) => b.profiles.at(day).attributes.adv_usd - a.profiles.at(day).attributes.adv_usd)
        .slice(0, rules.max_members);
      const raw = chosen.map((instrument) => Math.sqrt(instrument.profiles.at(day).attributes.adv_usd));
      const total = raw.reduce((a, b) => a + b, 0);
      snapshots.push({
        universe_id: `un-${name}-${isoDay(day)}`,
        name,
        as_of: day,
        rules,
        config_version_id: version.config_version_id,
        members: chosen.map((instrument, i) => ({ instrument, weight: round(raw[i] / total, 6) })),
      });
    }
    result.set(name, new Timeline(snapshots.map((s) => ({ from: s.as_of, value: s }))));
  }
  return result;
}
