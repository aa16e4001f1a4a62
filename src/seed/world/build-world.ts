/**
 * Everything of the synthetic history except the bulk rows: regimes, instruments, configs, universes,
 * black-swan events and SOP executions. It depends on the seed, and on the scenario only where an effect
 * is planted in it (the SOP executions and the regressed SOP version's config).
 */
import { Random } from '../random.js';
import type { EffectName } from '../scenarios.js';
import { Timeline } from '../timeline.js';
import { calmToday } from './calm-today.js';
import { type BlackSwanEvent, type SopExecution, crashSopSwitchAt, scheduleBlackSwans, sopExecutions } from './black-swans.js';
import { type ConfigWorld, buildConfigs } from './configs.js';
import { type Instrument, type SectorProfileVersion, buildInstruments, buildSectorProfiles } from './instruments.js';
import { type RegimePeriod, regimeCalendar } from './regimes.js';
import { type UniverseSnapshot, buildUniverseSnapshots } from './universes.js';

const INSTRUMENT_COUNT = 100;

export interface World {
  seed: number;
  regimes: RegimePeriod[];
  regimeAt: Timeline<RegimePeriod>;
  instruments: Instrument[];
  sectorProfiles: SectorProfileVersion[];
  configs: ConfigWorld;
  universes: Map<string, Timeline<UniverseSnapshot>>;
  events: BlackSwanEvent[];
  executions: SopExecution[];
}

/**
 * @example
 * const world = buildWorld(7, new Set(['sop_regression']));
 * world.configs.sop.get('market_crash_sop')?.at(AS_OF).version_no; // 3
 */
export function buildWorld(seed: number, effects: ReadonlySet<EffectName>): World {
  const calendar = regimeCalendar(Random.stream(seed, 'regimes'));
  const regimes = effects.has('config_by_volatility') ? calmToday(calendar) : calendar;
  const instruments = buildInstruments(Random.stream(seed, 'instruments'), INSTRUMENT_COUNT);
  const events = scheduleBlackSwans(Random.stream(seed, 'black-swans'), regimes);
  const sopRegression = effects.has('sop_regression');
  const configs = buildConfigs(Random.stream(seed, 'configs'), { regimes, crashSopSwitchAt: crashSopSwitchAt(events), sopRegression });
  return {
    seed,
    regimes,
    regimeAt: new Timeline(regimes.map((r) => ({ from: r.start, value: r }))),
    instruments,
    sectorProfiles: buildSectorProfiles(Random.stream(seed, 'sector-profiles')),
    configs,
    universes: buildUniverseSnapshots(instruments, configs.universe),
    events,
    executions: sopExecutions(Random.stream(seed, 'sop-executions'), events, configs.sop, { regression: sopRegression }),
  };
}
