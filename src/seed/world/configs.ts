/**
 * The config DB's history: versions for every target type (strategies, risk, the assessment prompt
 * template, universe rules, SOP templates, one experiment), changed by people over time, one change
 * at a time, each with its audit reason. Trades and decisions reference the versions in force.
 */
import type { TargetType } from '../../proposals/target-types.js';
import { HOUR_MS, LIVE_DAYS, ORIGIN_DAYS, Sessions, daysBeforeAsOf } from '../calendar.js';
import type { Random } from '../random.js';
import { round } from '../round.js';
import { PLANTED } from '../scenarios.js';
import { Timeline } from '../timeline.js';
import type { ConfigVersion } from './config-version.js';
import { type RegimePeriod, periodEnd } from './regimes.js';
import { GLOBAL_BUDGET_NOTIONAL, GLOBAL_RULES, type KnobValue, type RuleSpec, STRATEGIES, type StrategySpec, type Tuning } from './strategies.js';
import { UNIVERSE_RULES } from './universes.js';

export interface ConfigWorld {
  versions: ConfigVersion[];
  strategy: Map<string, Timeline<ConfigVersion>>;
  /** Per strategy; the `global` RISK_CONFIG is in `versions` only (trades reference their strategy's). */
  risk: Map<string, Timeline<ConfigVersion>>;
  prompt: Timeline<ConfigVersion>;
  universe: Map<string, Timeline<ConfigVersion>>;
  sop: Map<string, Timeline<ConfigVersion>>;
}

export const PROMPT_SLOT = 'assessment';
/** The assessment templates in the order they went live, with the days before AS_OF they did. */
const TEMPLATE_RELEASES: readonly [string, number][] = [
  ['assessment-v4', ORIGIN_DAYS],
  ['assessment-v5', 112],
  [PLANTED.templateErrors.betterTemplateId, 63],
  [PLANTED.templateErrors.templateId, 26],
];

export const SOP_TEMPLATE_IDS = ['market_crash_sop', 'liquidity_sop'] as const;
export type SopTemplateId = (typeof SOP_TEMPLATE_IDS)[number];

/** Knobs are tuned from this many days before AS_OF on; before, every strategy ran its first config. */
const TUNING_FROM_DAYS = LIVE_DAYS + 20;
const PEOPLE = ['r.alvarez', 'k.singh', 'l.moreau', 'd.okafor'];
const ID_PREFIX: Record<TargetType, string> = {
  STRATEGY_CONFIG: 'strategy',
  RISK_CONFIG: 'risk',
  PROMPT_TEMPLATE: 'prompt',
  UNIVERSE_RULES: 'universe',
  SOP_TEMPLATE: 'sop',
  EXPERIMENT: 'experiment',
};

/**
 * The id of a target's n-th config version.
 *
 * @example
 * configVersionId('SOP_TEMPLATE', 'market_crash_sop', 3); // 'sop-market_crash_sop-v3'
 */
export function configVersionId(targetType: TargetType, targetId: string, versionNo: number): string {
  return `${ID_PREFIX[targetType]}-${targetId}-v${versionNo}`;
}

interface Change {
  at: number;
  config: Record<string, unknown>;
  reason: string;
}

/** The versions of one target, each the parent of the next. */
function chain(rng: Random, targetType: TargetType, targetId: string, changes: readonly Change[]): ConfigVersion[] {
  return changes.map((change, i) => ({
    config_version_id: configVersionId(targetType, targetId, i + 1),
    target_type: targetType,
    target_id: targetId,
    version_no: i + 1,
    config_json: change.config,
    created_at: change.at,
    created_by: rng.pick(PEOPLE),
    parent_version_id: i === 0 ? null : configVersionId(targetType, targetId, i),
    reason: change.reason,
  }));
}

/** 22:00 UTC, after the session, `days` days before AS_OF: changes never land mid-session. */
function eveningOf(days: number): number {
  return daysBeforeAsOf(days) + 22 * HOUR_MS;
}

function strategyConfig(spec: StrategySpec, knobs: Record<string, KnobValue>): Record<string, unknown> {
  return {
    entry_threshold: spec.entryThreshold,
    max_position_notional: spec.maxPositionNotional,
    holding_period_days: spec.holdingPeriodDays,
    blocked_regimes: [],
    excluded_sectors: spec.excludedSectors,
    sizing: spec.sizing,
    knobs,
  };
}

/** Knob changes now and then: a random knob takes another of its values. */
function occasionalChanges(rng: Random, spec: StrategySpec, tuning: Extract<Tuning, { kind: 'occasional' }>): Change[] {
  const changes: Change[] = [];
  let knobs = { ...spec.knobs };
  const [minGap, maxGap] = tuning.everyDays;
  for (let days = TUNING_FROM_DAYS - rng.int(0, minGap); days > 3; days -= rng.int(minGap, maxGap)) {
    const knob = rng.pick(Object.keys(tuning.values));
    const value = rng.pick(tuning.values[knob].filter((v) => v !== knobs[knob]));
    changes.push({ at: eveningOf(days), config: strategyConfig(spec, { ...knobs, [knob]: value }), reason: `${knob} ${knobs[knob]} → ${value}` });
    knobs = { ...knobs, [knob]: value };
  }
  return changes;
}

/**
 * The balanced rotation: within every regime period the two knobs go through their four combinations
 * (a Gray sequence: 00 → 10 → 11 → 01 → 00 …, one knob per step) for a quarter of its trading time each.
 */
function rotationChanges(spec: StrategySpec, tuning: Extract<Tuning, { kind: 'rotation' }>, regimes: readonly RegimePeriod[]): Change[] {
  const [[first, firstValues], [second, secondValues]] = Object.entries(tuning.values);
  const levels = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
  ];
  const from = daysBeforeAsOf(TUNING_FROM_DAYS);
  const changes: Change[] = [];
  let step = 0;
  for (const period of regimes) {
    if (periodEnd(period) <= from) continue;
    const sessions = new Sessions(Math.max(period.start, from), periodEnd(period));
    for (let quarter = 0; quarter < 4; quarter++) {
      const [a, b] = levels[++step % 4];
      const knobs = { ...spec.knobs, [first]: firstValues[a], [second]: secondValues[b] };
      const moved = step % 2 === 1 ? first : second;
      changes.push({ at: Math.round(sessions.at(quarter / 4)), config: strategyConfig(spec, knobs), reason: `rotate ${moved} to ${knobs[moved]}` });
    }
  }
  return changes;
}

function strategyChanges(rng: Random, spec: StrategySpec, regimes: readonly RegimePeriod[]): Change[] {
  const initial: Change = { at: eveningOf(ORIGIN_DAYS), config: strategyConfig(spec, spec.knobs), reason: 'initial configuration' };
  const tuning = spec.tuning;
  return [initial, ...(tuning.kind === 'rotation' ? rotationChanges(spec, tuning, regimes) : occasionalChanges(rng, spec, tuning))];
}

function riskConfig(budget: number, rules: readonly RuleSpec[], drawdownStop: number): Record<string, unknown> {
  return {
    strategy_budget_notional: budget,
    max_gross_exposure: budget * 1.5,
    max_drawdown_stop: drawdownStop,
    override_rules: rules.map((r) => ({ rule_id: r.rule_id, enabled: true, params: r.params })),
  };
}

function riskChanges(rng: Random, budget: number, rules: readonly RuleSpec[]): Change[] {
  const revised = Math.round((budget * rng.between(0.85, 1.2)) / 100_000) * 100_000;
  const stop = round(rng.between(0.1, 0.2), 2);
  return [
    { at: eveningOf(ORIGIN_DAYS), config: riskConfig(budget, rules, stop), reason: 'initial limits' },
    { at: eveningOf(rng.int(60, 250)), config: riskConfig(revised, rules, stop), reason: `budget ${budget} → ${revised}` },
  ];
}

function promptChanges(rng: Random): Change[] {
  return TEMPLATE_RELEASES.map(([templateId, days], i) => ({
    at: eveningOf(i === 0 ? days : days + rng.int(-2, 2)),
    config: {
      active_template_id: templateId,
      available_template_ids: TEMPLATE_RELEASES.slice(0, i + 1).map(([id]) => id),
      temperature: 0.2,
      max_tokens: 1200,
    },
    reason: i === 0 ? 'initial template' : `roll out ${templateId}`,
  }));
}

function universeChanges(name: string): Change[] {
  const { first, revision, revisedDaysAgo } = UNIVERSE_RULES[name];
  return [
    { at: eveningOf(ORIGIN_DAYS), config: { ...first }, reason: 'initial rules' },
    { at: eveningOf(revisedDaysAgo), config: { ...first, ...revision }, reason: `revise ${Object.keys(revision).join(', ')}` },
  ];
}

/** SOP versions; market_crash_sop's third goes live at `crashSwitchAt`, between two crash events. */
function sopChanges(templateId: SopTemplateId, crashSwitchAt: number, regression: boolean): Change[] {
  if (templateId === 'liquidity_sop') {
    return [
      { at: eveningOf(ORIGIN_DAYS), config: { trigger_severity: 2, derisk_fraction: 0.3, max_time_to_action_s: 300, hedge: false }, reason: 'initial SOP' },
      { at: eveningOf(60), config: { trigger_severity: 2, derisk_fraction: 0.35, max_time_to_action_s: 240, hedge: false }, reason: 'faster unwind' },
    ];
  }
  const third = regression
    ? {
        config: { trigger_severity: 3, derisk_fraction: 0.25, max_time_to_action_s: 600, hedge: true },
        reason: 'fewer forced sales: smaller, slower de-risking',
      }
    : { config: { trigger_severity: 3, derisk_fraction: 0.6, max_time_to_action_s: 45, hedge: true }, reason: 'tighter time to action' };
  return [
    { at: eveningOf(ORIGIN_DAYS), config: { trigger_severity: 3, derisk_fraction: 0.5, max_time_to_action_s: 120, hedge: false }, reason: 'initial SOP' },
    { at: eveningOf(200), config: { trigger_severity: 3, derisk_fraction: 0.6, max_time_to_action_s: 60, hedge: true }, reason: 'add index hedge' },
    { at: crashSwitchAt, ...third },
  ];
}

function timelineOf(versions: readonly ConfigVersion[]): Timeline<ConfigVersion> {
  return new Timeline(versions.map((v) => ({ from: v.created_at, value: v })));
}

/**
 * Every config version of the history.
 *
 * @example
 * const configs = buildConfigs(Random.stream(1, 'configs'), { regimes, crashSopSwitchAt, sopRegression: false });
 * configs.strategy.get('stat_arb')?.at(AS_OF).config_json; // the live stat_arb config
 */
export function buildConfigs(rng: Random, options: { regimes: readonly RegimePeriod[]; crashSopSwitchAt: number; sopRegression: boolean }): ConfigWorld {
  const world: ConfigWorld = { versions: [], strategy: new Map(), risk: new Map(), prompt: new Timeline([]), universe: new Map(), sop: new Map() };
  const add = (targetType: TargetType, targetId: string, changes: Change[]): Timeline<ConfigVersion> => {
    const versions = chain(rng, targetType, targetId, changes);
    world.versions.push(...versions);
    return timelineOf(versions);
  };
  for (const spec of STRATEGIES) {
    world.strategy.set(spec.id, add('STRATEGY_CONFIG', spec.id, strategyChanges(rng, spec, options.regimes)));
    world.risk.set(spec.id, add('RISK_CONFIG', spec.id, riskChanges(rng, spec.budgetNotional, spec.rules)));
  }
  add('RISK_CONFIG', 'global', riskChanges(rng, GLOBAL_BUDGET_NOTIONAL, GLOBAL_RULES));
  world.prompt = add('PROMPT_TEMPLATE', PROMPT_SLOT, promptChanges(rng));
  for (const name of Object.keys(UNIVERSE_RULES)) world.universe.set(name, add('UNIVERSE_RULES', name, universeChanges(name)));
  for (const templateId of SOP_TEMPLATE_IDS) {
    world.sop.set(templateId, add('SOP_TEMPLATE', templateId, sopChanges(templateId, options.crashSopSwitchAt, options.sopRegression)));
  }
  add('EXPERIMENT', 'trend_following', [
    {
      at: eveningOf(21),
      config: {
        kind: 'BACKTEST',
        config_overrides: { knobs: { slow_ma: 150 } },
        period_days: 90,
        hypothesis: 'A slower trend filter cuts whipsaw losses in sideways markets',
      },
      reason: 'queue a backtest of a slower trend filter',
    },
  ]);
  return world;
}
