/**
 * Black-swan events, placed mostly in stressed regimes, and the emergency SOP executions they triggered
 * per strategy. An execution's loss avoided is pnl_during_event − counterfactual_pnl = |counterfactual| ×
 * the share of the loss the SOP avoided; that share is where the SOP regression is planted.
 */
import { AS_OF, DAY_MS, HOUR_MS, LIVE_DAYS, SESSION_MS, WINDOW_DAYS, daysBeforeAsOf, isWeekday } from '../calendar.js';
import type { Random } from '../random.js';
import { round } from '../round.js';
import { PLANTED } from '../scenarios.js';
import type { Timeline } from '../timeline.js';
import type { ConfigVersion } from './config-version.js';
import type { SopTemplateId } from './configs.js';
import { type RegimePeriod, REGIME_PROFILES, periodEnd } from './regimes.js';
import { SECTORS } from './instruments.js';
import { STRATEGIES } from './strategies.js';

const CRASH_KINDS = ['FLASH_CRASH', 'GAP_DOWN', 'VOLATILITY_SPIKE'];
const LIQUIDITY_KINDS = ['LIQUIDITY_SHOCK', 'CORRELATION_BREAK'];

export interface BlackSwanEvent {
  event_id: string;
  detected_at: number;
  resolved_at: number | null;
  severity: number;
  kind: string;
  description: string;
  regime_id: string;
  affected: { sectors: string[]; strategies: string[]; index_move: number };
  sopTemplateId: SopTemplateId;
}

export interface SopExecution {
  execution_id: string;
  event_id: string;
  sop_template_id: string;
  sop_version_id: string;
  strategy_id: string;
  triggered_at: number;
  completed_at: number;
  actions: unknown[];
  exposure_before: number;
  exposure_after: number;
  pnl_during_event: number;
  counterfactual_pnl: number;
  time_to_action_s: number;
}

interface EventGroup {
  kinds: string[];
  severity: [number, number];
  sopTemplateId: SopTemplateId;
}
const CRASH: EventGroup = { kinds: CRASH_KINDS, severity: [3, 5], sopTemplateId: 'market_crash_sop' };
const LIQUIDITY: EventGroup = { kinds: LIQUIDITY_KINDS, severity: [2, 3], sopTemplateId: 'liquidity_sop' };
/** Below every SOP's trigger: recorded, nothing executed. */
const MINOR: EventGroup = { kinds: ['VOLATILITY_SPIKE'], severity: [1, 1], sopTemplateId: 'market_crash_sop' };

/** How many events of each group fall in the analysis window and in the live span before it. */
const SCHEDULE: readonly { fromDays: number; toDays: number; groups: [EventGroup, number][] }[] = [
  {
    fromDays: LIVE_DAYS,
    toDays: WINDOW_DAYS,
    groups: [
      [CRASH, 2],
      [LIQUIDITY, 1],
    ],
  },
  {
    fromDays: WINDOW_DAYS,
    toDays: 1,
    groups: [
      [CRASH, 6],
      [LIQUIDITY, 1],
      [MINOR, 1],
    ],
  },
];

/** A session instant in [from, to), inside a stressed regime when the slot has one. */
function stressedInstant(rng: Random, regimes: readonly RegimePeriod[], from: number, to: number): { at: number; regime: RegimePeriod } {
  const days: { day: number; regime: RegimePeriod }[] = [];
  for (const regime of regimes) {
    const first = Math.ceil(Math.max(regime.start, from) / DAY_MS) * DAY_MS;
    for (let day = first; day < Math.min(periodEnd(regime), to); day += DAY_MS) {
      if (isWeekday(day)) days.push({ day, regime });
    }
  }
  const stressed = days.filter((d) => REGIME_PROFILES[d.regime.label].stressed);
  const chosen = rng.pick(stressed.length > 0 ? stressed : days);
  return { at: chosen.day + 13.5 * HOUR_MS + rng.uniform() * SESSION_MS, regime: chosen.regime };
}

/**
 * The events of the live span: a few before the analysis window, more inside it, each group spread over
 * equal slots so that they never bunch up.
 *
 * @example
 * const events = scheduleBlackSwans(Random.stream(1, 'black-swans'), regimes);
 * events.filter((e) => e.sopTemplateId === 'market_crash_sop').length; // 9 (one below the trigger)
 */
export function scheduleBlackSwans(rng: Random, regimes: readonly RegimePeriod[]): BlackSwanEvent[] {
  const placed: { at: number; regime: RegimePeriod; group: EventGroup }[] = [];
  for (const span of SCHEDULE) {
    const from = daysBeforeAsOf(span.fromDays);
    const to = daysBeforeAsOf(span.toDays);
    for (const [group, count] of span.groups) {
      const slot = (to - from) / count;
      for (let i = 0; i < count; i++) placed.push({ ...stressedInstant(rng, regimes, from + i * slot, from + (i + 1) * slot), group });
    }
  }
  placed.sort((a, b) => a.at - b.at);
  return placed.map(({ at, regime, group }, i) => {
    const severity = rng.int(group.severity[0], group.severity[1]);
    const kind = rng.pick(group.kinds);
    const sectors = rng.shuffled(SECTORS).slice(0, rng.int(2, 3));
    const indexMove = round(-0.015 * severity * rng.between(0.7, 1.3), 4);
    const resolved = at + rng.between(4, 72) * HOUR_MS;
    return {
      event_id: `bs-${String(i + 1).padStart(3, '0')}`,
      detected_at: Math.round(at),
      resolved_at: resolved < AS_OF ? Math.round(resolved) : null,
      severity,
      kind,
      description: `${kind.toLowerCase().replaceAll('_', ' ')} led by ${sectors.join(', ')}; index ${(indexMove * 100).toFixed(1)}%`,
      regime_id: regime.regime_id,
      affected: { sectors, strategies: STRATEGIES.map((s) => s.id), index_move: indexMove },
      sopTemplateId: group.sopTemplateId,
    };
  });
}

/** Halfway between the third and fourth crash events of the window: the moment market_crash_sop v3 went live. */
export function crashSopSwitchAt(events: readonly BlackSwanEvent[]): number {
  const inWindow = events.filter(
    (e) => e.sopTemplateId === 'market_crash_sop' && e.severity >= CRASH.severity[0] && e.detected_at >= daysBeforeAsOf(WINDOW_DAYS),
  );
  return Math.round((inWindow[2].detected_at + inWindow[3].detected_at) / 2);
}

/** The share of the counterfactual loss an execution avoided, by SOP version. */
function avoidedShare(rng: Random, version: ConfigVersion, regression: boolean): number {
  const sop = PLANTED.sop;
  let mean: number = sop.baseAvoidedShare;
  if (regression && version.target_id === sop.templateId) {
    if (version.version_no === sop.versionNo) mean = sop.avoidedShare;
    else if (version.version_no === sop.versionNo - 1) mean = sop.previousAvoidedShare;
  }
  return Math.min(0.98, Math.max(0.02, mean + 0.08 * rng.normal()));
}

/**
 * One execution per event and strategy, when the event reached its SOP's trigger severity.
 *
 * @example
 * sopExecutions(rng, events, configs.sop, { regression: true }).length; // 5 per triggering event
 */
export function sopExecutions(
  rng: Random,
  events: readonly BlackSwanEvent[],
  sopVersions: ReadonlyMap<string, Timeline<ConfigVersion>>,
  options: { regression: boolean },
): SopExecution[] {
  const executions: SopExecution[] = [];
  for (const event of events) {
    const version = sopVersions.get(event.sopTemplateId)!.at(event.detected_at);
    const config = version.config_json as { trigger_severity: number; derisk_fraction: number; max_time_to_action_s: number; hedge: boolean };
    if (event.severity < config.trigger_severity) continue;
    for (const strategy of STRATEGIES) {
      const triggeredAt = event.detected_at + Math.round(rng.between(5, 60) * 1000);
      const timeToAction = round(config.max_time_to_action_s * rng.between(0.3, 0.95), 1);
      const exposureBefore = Math.round(strategy.budgetNotional * rng.between(0.5, 0.9));
      const cut = config.derisk_fraction * rng.between(0.85, 1);
      const counterfactual = round(-exposureBefore * 0.012 * event.severity * rng.between(0.6, 1.4), 2);
      const actions: unknown[] = [
        { step: 'REDUCE_GROSS', fraction: round(cut, 3) },
        { step: 'HALT_NEW_ENTRIES', minutes: 60 },
      ];
      if (config.hedge) actions.push({ step: 'HEDGE', instrument: 'INDEX_FUTURE', ratio: 0.5 });
      executions.push({
        execution_id: `sx-${event.event_id}-${strategy.id}`,
        event_id: event.event_id,
        sop_template_id: event.sopTemplateId,
        sop_version_id: version.config_version_id,
        strategy_id: strategy.id,
        triggered_at: triggeredAt,
        completed_at: triggeredAt + Math.round((timeToAction + rng.between(30, 300)) * 1000),
        actions,
        exposure_before: exposureBefore,
        exposure_after: Math.round(exposureBefore * (1 - cut)),
        pnl_during_event: round(counterfactual * (1 - avoidedShare(rng, version, options.regression)), 2),
        counterfactual_pnl: counterfactual,
        time_to_action_s: timeToAction,
      });
    }
  }
  return executions;
}
