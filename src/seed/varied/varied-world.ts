/**
 * The second kind of synthetic world, written from the data contract alone: per seed it draws the names
 * (names.ts), the number of strategies, their sleeve layouts (disjoint, overlapping, one sleeve-less run,
 * no backtest at all), which risk rules block and which resize (a rule may do both), whether a strategy
 * has a RISK_CONFIG of its own, the regimes of one market, the prompt templates run one after another,
 * config versions that change several keys at once and a knob re-tuned at every version, black-swan
 * events of very different size, and where each planted effect sits.
 */
import { AS_OF, DAY_MS, HOUR_MS, isWeekday, startOfDay } from '../calendar.js';
import type { Random } from '../random.js';
import { round } from '../round.js';
import type { EffectName } from '../scenarios.js';
import { Timeline } from '../timeline.js';
import { type VariedNames, variedNames } from './names.js';

export const VARIED_LIVE_DAYS = 180;
/** Regimes, snapshots and configs reach back this far, for backtests. */
const HISTORY_DAYS = 420;

export type SleeveLayout = 'disjoint' | 'overlapping' | 'sleeveless' | 'no_backtest';

export interface VariedRule {
  rule_id: string;
  /** Chance per executed entry that it blocks one more entry, and that it resizes this one. */
  blockRate: number;
  resizeRate: number;
  params: Record<string, number>;
  /** In the strategy's own RISK_CONFIG (else in `global`). */
  own: boolean;
}

export interface VariedStrategy {
  id: string;
  weight: number;
  meanReturn: number;
  volatility: number;
  /** Exposure to the day's market move, in the trade's direction. */
  beta: number;
  feeRate: number;
  longShare: number;
  holdingDays: number;
  maxNotional: number;
  universe: string;
  layout: SleeveLayout;
  sleeves: { id: string; instruments: Set<string> }[];
  rules: VariedRule[];
  hasOwnRisk: boolean;
  /** Config versions: their knobs, entry threshold and start. */
  versions: Timeline<VariedConfig>;
}

export interface VariedConfig {
  config_version_id: string;
  version_no: number;
  created_at: number;
  config_json: Record<string, unknown>;
  parent: string | null;
}

export interface VariedRegime {
  regime_id: string;
  label: string;
  start: number;
  end: number | null;
  volMultiplier: number;
}

export interface VariedInstrument {
  instrument_id: string;
  sector: string;
  profile_version_id: string;
  attributes: Record<string, number | string>;
}

export interface VariedEvent {
  event_id: string;
  detected_at: number;
  severity: number;
  /** Shared by every execution of the event: how much larger its losses are, and its avoided-share shock. */
  lossScale: number;
  shareShock: number;
  sop: string;
}

/** Where each effect is planted (always drawn, so the null and effect worlds share everything else). */
export interface VariedPlants {
  regimeLoss: { strategy: string; label: string };
  liveBelowBacktest: { strategy: string };
  override: { strategy: string; rule: string };
  template: { id: string };
  knob: { strategy: string; knob: string; values: [number, number]; inert: string };
  sop: { template: string; versionNo: number };
}

export interface VariedWorld {
  seed: number;
  asOf: number;
  names: VariedNames;
  /** Hours after midnight UTC at which the market's session opens, and its length. */
  sessionOpenHours: number;
  liveDays: number[];
  regimes: VariedRegime[];
  regimeAt: Timeline<VariedRegime>;
  instruments: VariedInstrument[];
  universes: Map<string, VariedInstrument[]>;
  strategies: VariedStrategy[];
  globalRules: VariedRule[];
  templates: Timeline<string>;
  templateStarts: { id: string; from: number }[];
  graphs: Timeline<string>;
  events: VariedEvent[];
  sopVersions: Map<string, Timeline<{ id: string; versionNo: number; from: number }>>;
  /** The day's market move, by UTC midnight. */
  marketMove: Map<number, number>;
  plants: VariedPlants;
  effects: ReadonlySet<EffectName>;
}

/** The market's session length. */
export const SESSION_HOURS = 7;

function weekdays(from: number, to: number): number[] {
  const days: number[] = [];
  for (let day = startOfDay(from); day < to; day += DAY_MS) if (isWeekday(day)) days.push(day);
  return days;
}

function regimes(rng: Random, labels: string[], market: string, asOf: number): VariedRegime[] {
  const multiplier = new Map(labels.map((label) => [label, round(rng.between(0.7, 2.2), 2)]));
  const out: VariedRegime[] = [];
  let start = asOf - HISTORY_DAYS * DAY_MS + Math.round(rng.between(0, 20) * HOUR_MS);
  let previous = '';
  while (start < asOf) {
    const label = rng.pick(labels.filter((l) => l !== previous));
    const end = start + Math.round(rng.between(4, 25) * DAY_MS);
    out.push({ regime_id: `${market}:${out.length + 1}`, label, start, end: end >= asOf ? null : end, volMultiplier: multiplier.get(label)! });
    previous = label;
    start = end;
  }
  return out;
}

function instruments(rng: Random, sectors: string[], count: number): VariedInstrument[] {
  const letters = 'ABCDEFGHJKLMNPRSTUVWXZ';
  const exchange = rng.pick(['XNAS', 'XETR', 'XTKS', 'XLON']);
  const ids = new Set<string>();
  while (ids.size < count) ids.add(`${exchange}:${Array.from({ length: rng.int(3, 4) }, () => rng.pick([...letters])).join('')}`);
  return [...ids].map((instrument_id, i) => ({
    instrument_id,
    sector: sectors[i % sectors.length],
    profile_version_id: `${instrument_id}#p1`,
    attributes: { cap_tier: rng.pick(['mega', 'large', 'mid', 'small']), leverage: round(rng.between(0.2, 4), 2), esg_score: round(rng.uniform(), 3) },
  }));
}

/** Config versions every 8–30 days; each changes the re-tuned knob and one or two other keys. */
function strategyVersions(rng: Random, id: string, knobs: string[], knob: VariedPlants['knob'] | null, asOf: number): Timeline<VariedConfig> {
  const [first, second, retuned] = knobs;
  const base = (): Record<string, unknown> => ({
    entry_threshold: 0.55,
    max_position_notional: 200_000,
    holding_period_days: 3,
    blocked_regimes: [],
    excluded_sectors: [],
    sizing: { lambda_enabled: false, lambda: 0 },
    knobs: { [first]: 10, [second]: 1.5, [retuned]: 0.95 },
    owner_note: 'kept as is',
  });
  const entries: { from: number; value: VariedConfig }[] = [];
  let at = asOf - HISTORY_DAYS * DAY_MS;
  let json = base();
  let parent: string | null = null;
  while (at < asOf) {
    const config_version_id: string = `${id}@v${entries.length + 1}`;
    entries.push({ from: at, value: { config_version_id, version_no: entries.length + 1, created_at: at, config_json: json, parent } });
    parent = config_version_id;
    const previous = json.knobs as Record<string, number>;
    let tuned = previous[retuned];
    while (tuned === previous[retuned]) tuned = round(rng.between(0.9, 0.99), 3);
    const knobsNow = { ...previous, [retuned]: tuned };
    const next: Record<string, unknown> = { ...json, knobs: knobsNow };
    if (knob) {
      knobsNow[knob.knob] = rng.pick(knob.values);
      knobsNow[knob.inert] = rng.pick([1.5, 2.5]);
    } else {
      knobsNow[rng.pick([first, second])] = rng.pick([5, 10, 20, 1.5, 2.5]);
    }
    if (rng.chance(0.3)) next.entry_threshold = round(rng.between(0.5, 0.65), 2);
    json = next;
    at += Math.round(rng.between(knob ? 6 : 8, knob ? 14 : 30) * DAY_MS);
  }
  return new Timeline(entries);
}

function rule(rng: Random, rule_id: string, own: boolean, action: 'BLOCK' | 'RESIZE' | 'BOTH'): VariedRule {
  return {
    rule_id,
    own,
    blockRate: action === 'RESIZE' ? 0 : round(rng.between(0.02, 0.08), 3),
    resizeRate: action === 'BLOCK' ? 0 : round(rng.between(0.02, 0.08), 3),
    params: { threshold: round(rng.between(0.1, 5), 2) },
  };
}

/** A timeline of ids switched at the given instants (the first in force from `origin`). */
function switches(ids: string[], at: number[], origin: number): Timeline<string> {
  return new Timeline(ids.map((id, i) => ({ from: i === 0 ? origin : at[i - 1], value: id })));
}

/**
 * @example
 * const world = variedWorld(7, new Set(['regime_loss']), streams);
 * world.plants.regimeLoss; // { strategy: 'skew-desk', label: 'choppy' }
 */
export function variedWorld(seed: number, effects: ReadonlySet<EffectName>, stream: (label: string) => Random): VariedWorld {
  const rng = stream('world');
  const strategyCount = rng.int(4, 6);
  const names = variedNames(stream('names'), { strategies: strategyCount, rules: strategyCount + 3, templates: rng.int(3, 4) });
  const asOf = AS_OF + rng.int(0, 23) * HOUR_MS;
  const sessionOpenHours = rng.pick([1, 8, 13.5]);
  const liveStart = asOf - VARIED_LIVE_DAYS * DAY_MS;
  const liveDays = weekdays(liveStart, asOf);
  const regimeList = regimes(stream('regimes'), names.regimeLabels, names.market, asOf);
  const regimeAt = new Timeline(regimeList.map((r) => ({ from: r.start, value: r })));
  const instrumentList = instruments(stream('instruments'), names.sectors, rng.int(70, 130));
  const universes = new Map(names.universes.map((u) => [u, rng.shuffled(instrumentList).slice(0, Math.round(instrumentList.length * rng.between(0.5, 0.8)))]));

  const [regimeLossStrategy, backtestStrategy, overrideStrategy, knobStrategy] = rng.shuffled(names.strategies);
  const knobNames = names.knobs;
  const plants: VariedPlants = {
    regimeLoss: { strategy: regimeLossStrategy, label: rng.pick(names.regimeLabels) },
    liveBelowBacktest: { strategy: backtestStrategy },
    override: { strategy: overrideStrategy, rule: names.rules[0] },
    template: { id: rng.pick(names.templates.slice(1)) },
    knob: { strategy: knobStrategy, knob: knobNames[3], values: [rng.pick([5, 7]), rng.pick([30, 45])], inert: knobNames[4] },
    sop: { template: names.sops[0], versionNo: 3 },
  };
  const layouts: SleeveLayout[] = ['disjoint', 'overlapping', 'sleeveless', 'no_backtest'];
  const globalRules = [rule(rng, names.rules[1], false, 'BOTH'), rule(rng, names.rules[2], false, 'RESIZE')];
  const strategies = names.strategies.map((id, i): VariedStrategy => {
    const universe = rng.pick(names.universes);
    const members = universes.get(universe)!;
    const layout: SleeveLayout = id === backtestStrategy ? rng.pick(['overlapping', 'sleeveless'] as const) : rng.pick(layouts);
    const sleeveCount = layout === 'disjoint' || layout === 'overlapping' ? rng.int(2, 3) : 0;
    const shuffled = rng.shuffled(members);
    const sleeves = Array.from({ length: sleeveCount }, (_, s) => ({
      id: `${id}/${rng.pick(['core', 'tilt', 'fast', 'slow', 'hedged'])}-${s + 1}`,
      instruments: new Set(
        (layout === 'disjoint' ? shuffled.filter((_, k) => k % sleeveCount === s) : rng.shuffled(members).slice(0, Math.round(members.length * 0.75))).map(
          (m) => m.instrument_id,
        ),
      ),
    }));
    const own = [rule(rng, names.rules[3 + i], true, rng.pick(['BLOCK', 'RESIZE', 'BOTH'] as const))];
    if (id === overrideStrategy) own.unshift({ ...rule(rng, names.rules[0], true, 'BLOCK'), blockRate: 0.4 });
    return {
      id,
      weight: round(rng.between(0.6, 1.4), 2),
      meanReturn: round(rng.between(0.002, 0.0035), 4),
      volatility: round(rng.between(0.008, 0.016), 4),
      beta: round(rng.between(0.3, 1.2), 2),
      feeRate: round(rng.between(0.0003, 0.0008), 5),
      longShare: round(rng.between(0.4, 0.8), 2),
      holdingDays: rng.int(1, 10),
      maxNotional: rng.pick([100_000, 250_000, 500_000]),
      universe,
      layout,
      sleeves,
      rules: own,
      hasOwnRisk: id === overrideStrategy || rng.chance(0.6),
      versions: strategyVersions(stream(`versions/${id}`), id, knobNames.slice(0, 3), id === knobStrategy ? plants.knob : null, asOf),
    };
  });
  // A strategy without a RISK_CONFIG of its own runs under the global rules alone.
  for (const s of strategies) if (!s.hasOwnRisk) s.rules = [];

  const templateSwitches = [...names.templates.slice(1)].map(
    (_, i, all) => liveStart + Math.round(((i + 1) / (all.length + 1)) * VARIED_LIVE_DAYS * DAY_MS * rng.between(0.9, 1.1)),
  );
  const origin = asOf - HISTORY_DAYS * DAY_MS;
  const events = blackSwans(stream('events'), liveStart, asOf, names.sops);
  const sopVersions = new Map(
    names.sops.map((sop) => {
      const own = events
        .filter((e) => e.sop === sop)
        .map((e) => e.detected_at)
        .sort((a, b) => a - b);
      const cut = (q: number) => (own.length > 0 ? own[Math.floor(q * own.length)] - HOUR_MS : liveStart);
      const froms = [origin, cut(0.25), cut(0.6)];
      return [sop, new Timeline(froms.map((from, k) => ({ from, value: { id: `${sop}~${k + 1}`, versionNo: k + 1, from } })))] as const;
    }),
  );
  const marketRng = stream('market');
  const marketMove = new Map(
    weekdays(origin, asOf).map((day) => [day, marketRng.normal() * 0.006 * regimeAt.at(Math.max(day, regimeList[0].start)).volMultiplier]),
  );
  return {
    seed,
    asOf,
    names,
    sessionOpenHours,
    liveDays,
    regimes: regimeList,
    regimeAt,
    instruments: instrumentList,
    universes,
    strategies,
    globalRules,
    templates: switches(names.templates, templateSwitches, origin),
    templateStarts: names.templates.map((id, i) => ({ id, from: i === 0 ? origin : templateSwitches[i - 1] })),
    graphs: switches(
      ['g1', 'g2', 'g3'].map((g) => `${names.market.toLowerCase()}-${g}`),
      [liveStart + 50 * DAY_MS + 7 * HOUR_MS, liveStart + 120 * DAY_MS],
      origin,
    ),
    events,
    sopVersions,
    marketMove,
    plants,
    effects,
  };
}

/** 14–22 events over the live span, severity 1–5, losses growing steeply with severity. */
function blackSwans(rng: Random, from: number, to: number, sops: string[]): VariedEvent[] {
  const count = rng.int(14, 22);
  return Array.from({ length: count }, (_, i) => {
    const severity = rng.int(1, 5);
    return {
      event_id: `evt-${rng.int(1000, 9999)}-${i}`,
      detected_at: Math.round(from + ((i + rng.uniform()) / count) * (to - from - 2 * DAY_MS)),
      severity,
      lossScale: 2 ** severity * Math.exp(0.5 * rng.normal()),
      shareShock: 0.08 * rng.normal(),
      // The first SOP answers most events, so its versions are compared on enough of them.
      sop: rng.chance(0.8) ? sops[0] : sops[1],
    };
  });
}
