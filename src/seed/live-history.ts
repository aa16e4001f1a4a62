/**
 * The live pipeline's history, generated in time order and in batches (memory stays bounded whatever the
 * size): every pipeline decision, and a trade for each one that was executed.
 *
 * Exactly `trades` of the `decisions` are executed, spread evenly in time (decision i is executed when
 * ⌊(i+1)·T/D⌋ > ⌊i·T/D⌋). The others are, with probabilities chosen so that the rates hold over ALL
 * decisions: assessment errors (the template's error rate), entries blocked by a risk rule (the rule's
 * rate per executed trade), and holds, skips and exits.
 */
import { AS_OF, DAY_MS, HOUR_MS, LIVE_DAYS, Sessions, daysBeforeAsOf, nextWeekday } from './calendar.js';
import { InstrumentPicker } from './instrument-picker.js';
import type { Random } from './random.js';
import type { ReturnModel, TradeContext } from './return-model.js';
import { round } from './round.js';
import { PLANTED, type EffectName } from './scenarios.js';
import type { Row } from './tables.js';
import { Timeline } from './timeline.js';
import type { World } from './world/build-world.js';
import { priceAt } from './world/instruments.js';
import { REGIME_PROFILES } from './world/regimes.js';
import { GLOBAL_RULES, type KnobValue, type RuleSpec, STRATEGIES, type StrategySpec } from './world/strategies.js';

export interface LiveHistoryBatch {
  decisions: Row[];
  trades: Row[];
}

export interface LiveHistoryOptions {
  trades: number;
  decisions: number;
  /** Decisions per batch. */
  batchSize: number;
  effects: ReadonlySet<EffectName>;
}

/** Agent graph releases, deliberately not aligned with the prompt template releases. */
export const AGENT_GRAPHS = new Timeline([
  { from: daysBeforeAsOf(400), value: 'graph-3.4' },
  { from: daysBeforeAsOf(135) + 22 * HOUR_MS, value: 'graph-3.5' },
  { from: daysBeforeAsOf(47) + 22 * HOUR_MS, value: 'graph-4.0' },
]);

const ERROR_KINDS = ['PARSE_ERROR', 'TIMEOUT', 'TOOL_ERROR'];
const ERROR_WEIGHTS = [0.5, 0.3, 0.2];
const IDLE_ACTIONS = ['HOLD', 'SKIP', 'EXIT'];
const IDLE_WEIGHTS = [0.45, 0.4, 0.15];

/**
 * The ids decisions and trades carry: `dc-000000001`, `tr-000000001`.
 *
 * @example
 * serialId('tr', 42); // 'tr-000000042'
 */
export function serialId(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(9, '0')}`;
}

function rulesOf(strategy: StrategySpec, action: RuleSpec['action']): RuleSpec[] {
  return [...GLOBAL_RULES, ...strategy.rules].filter((r) => r.action === action);
}

/** Rates of the rules that may override a strategy's entries, in calm and stressed regimes. */
class RuleBook {
  readonly rules: RuleSpec[];
  private readonly calm: number[];
  private readonly stressed: number[];
  readonly calmTotal: number;
  readonly stressedTotal: number;

  constructor(strategy: StrategySpec, action: RuleSpec['action']) {
    this.rules = rulesOf(strategy, action);
    this.calm = this.rules.map((r) => r.rate);
    this.stressed = this.rules.map((r) => r.rate * r.stressFactor);
    this.calmTotal = this.calm.reduce((a, b) => a + b, 0);
    this.stressedTotal = this.stressed.reduce((a, b) => a + b, 0);
  }

  total(stressed: boolean): number {
    return stressed ? this.stressedTotal : this.calmTotal;
  }

  pick(rng: Random, stressed: boolean): RuleSpec {
    return this.rules[rng.weightedIndex(stressed ? this.stressed : this.calm)];
  }
}

/** Assessment confidence of a decision to enter: at least the strategy's entry threshold. */
function entryScore(rng: Random, strategy: StrategySpec): number {
  return round(rng.between(strategy.entryThreshold, 1), 4);
}

function roundNotional(value: number): number {
  return Math.max(1_000, Math.round(value / 1_000) * 1_000);
}

/**
 * The decisions and trades, `batchSize` decisions at a time.
 *
 * @example
 * for (const batch of liveHistory(world, model, rng, { trades: 3000, decisions: 10000, batchSize: 5000, effects })) {
 *   await writer.write(TABLES.pipeline_decisions, batch.decisions);
 * }
 */
export function* liveHistory(world: World, model: ReturnModel, rng: Random, options: LiveHistoryOptions): Generator<LiveHistoryBatch> {
  const { trades: T, decisions: D, batchSize, effects } = options;
  const sessions = new Sessions(daysBeforeAsOf(LIVE_DAYS), AS_OF);
  const picker = new InstrumentPicker();
  const weights = STRATEGIES.map((s) => s.weight);
  const blocks = new Map(STRATEGIES.map((s) => [s.id, new RuleBook(s, 'BLOCK')]));
  const resizes = new Map(STRATEGIES.map((s) => [s.id, new RuleBook(s, 'RESIZE')]));
  const { templateErrors } = PLANTED;
  const errorRate = (templateId: string) =>
    effects.has('template_errors') && templateId === templateErrors.templateId ? templateErrors.errorRate : templateErrors.baseErrorRate;
  const idleDecisions = D - T;
  let tradeNo = 0;
  let batch: LiveHistoryBatch = { decisions: [], trades: [] };

  for (let i = 0; i < D; i++) {
    const executed = Math.floor(((i + 1) * T) / D) > Math.floor((i * T) / D);
    const decidedAt = Math.round(sessions.at((i + rng.uniform()) / D));
    const strategy = STRATEGIES[rng.weightedIndex(weights)];
    const regime = world.regimeAt.at(decidedAt);
    const stressed = REGIME_PROFILES[regime.label].stressed;
    const strategyVersion = world.configs.strategy.get(strategy.id)!.at(decidedAt);
    const riskVersion = world.configs.risk.get(strategy.id)!.at(decidedAt);
    const templateId = world.configs.prompt.at(decidedAt).config_json.active_template_id as string;
    const snapshot = world.universes.get(strategy.universe)!.at(decidedAt);
    const instrument = picker.pick(rng, strategy, snapshot);
    const profile = instrument.profiles.at(decidedAt);
    const context: TradeContext = {
      strategy,
      regime: regime.label,
      knobs: strategyVersion.config_json.knobs as Record<string, KnobValue>,
      provenance: 'live',
    };
    const decisionId = serialId('dc', i + 1);
    const head: Row = [
      decisionId, decidedAt, strategy.id, instrument.instrument_id, instrument.sector, regime.regime_id,
      snapshot.universe_id, profile.profile_version_id, strategyVersion.config_version_id,
      riskVersion.config_version_id, templateId, AGENT_GRAPHS.at(decidedAt),
    ];
    const long = rng.chance(strategy.longShare);
    const enter = long ? 'ENTER_LONG' : 'ENTER_SHORT';
    const proposed = roundNotional(strategy.maxPositionNotional * rng.between(0.35, 1));

    if (executed) {
      const resizeBook = resizes.get(strategy.id)!;
      const resizedBy = rng.chance(resizeBook.total(stressed)) ? resizeBook.pick(rng, stressed) : null;
      const approved = resizedBy ? roundNotional(proposed * rng.between(0.3, 0.7)) : proposed;
      const direction = long ? 1 : -1;
      const openedAt = decidedAt + Math.round(rng.between(20, 180) * 1000);
      const entry = Math.max(0.5, round(priceAt(instrument, openedAt) * (1 + 0.001 * rng.normal()), 4));
      const quantity = direction * Math.max(1, Math.round(approved / entry));
      const notional = Math.abs(quantity * entry);
      const gross = model.drawNetReturn(rng, context) + strategy.feeRate;
      const exit = Math.max(0.0001, round(entry * (1 + direction * gross), 4));
      const fees = round(notional * strategy.feeRate, 2);
      const pnl = round(quantity * (exit - entry) - fees, 2);
      let closedAt = nextWeekday(openedAt + Math.round(strategy.holdingPeriodDays * rng.between(0.5, 1.5) * DAY_MS));
      if (closedAt >= AS_OF) closedAt = openedAt + Math.round((AS_OF - openedAt) * rng.between(0.3, 0.9));
      tradeNo++;
      const tradeId = serialId('tr', tradeNo);
      batch.decisions.push([
        ...head, enter, entryScore(rng, strategy), null, resizedBy ? 'RESIZED' : 'APPROVED', resizedBy !== null,
        resizedBy?.rule_id ?? null, proposed, approved, (direction * (exit - entry)) / entry, tradeId,
      ]);
      batch.trades.push([
        tradeId, decisionId, strategy.id, instrument.instrument_id, instrument.sector, long ? 'LONG' : 'SHORT',
        openedAt, closedAt, quantity, entry, exit, notional, pnl, pnl / notional, fees, regime.regime_id,
        snapshot.universe_id, profile.profile_version_id, strategyVersion.config_version_id,
        riskVersion.config_version_id, templateId, AGENT_GRAPHS.at(decidedAt),
      ]);
    } else {
      const blockBook = blocks.get(strategy.id)!;
      const pError = (errorRate(templateId) * D) / idleDecisions;
      const pBlocked = (blockBook.total(stressed) * T) / idleDecisions;
      const u = rng.uniform();
      if (u < pError) {
        const error = ERROR_KINDS[rng.weightedIndex(ERROR_WEIGHTS)];
        batch.decisions.push([...head, 'SKIP', null, error, 'APPROVED', false, null, 0, 0, null, null]);
      } else if (u < pError + pBlocked) {
        const rule = blockBook.pick(rng, stressed);
        const forward = model.drawBlockedForwardReturn(rng, context, rule.rule_id);
        batch.decisions.push([...head, enter, entryScore(rng, strategy), null, 'BLOCKED', true, rule.rule_id, proposed, 0, forward, null]);
      } else {
        const action = IDLE_ACTIONS[rng.weightedIndex(IDLE_WEIGHTS)];
        const score = action === 'SKIP' ? rng.between(0.02, strategy.entryThreshold) : rng.between(0.2, 0.95);
        const size = action === 'EXIT' ? proposed : 0;
        batch.decisions.push([...head, action, round(score, 4), null, 'APPROVED', false, null, size, size, null, null]);
      }
    }
    if (batch.decisions.length >= batchSize) {
      yield batch;
      batch = { decisions: [], trades: [] };
    }
  }
  if (batch.decisions.length > 0) yield batch;
}
