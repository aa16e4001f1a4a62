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
import { RuleBook } from './rule-book.js';
import { PLANTED, type EffectName } from './scenarios.js';
import type { Row } from './tables.js';
import { Timeline } from './timeline.js';
import type { World } from './world/build-world.js';
import { type Instrument, priceAt } from './world/instruments.js';
import { REGIME_PROFILES } from './world/regimes.js';
import { type KnobValue, STRATEGIES, type StrategySpec } from './world/strategies.js';

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

/** Assessment confidence of a decision to enter: at least the strategy's entry threshold. */
function entryScore(rng: Random, strategy: StrategySpec): number {
  return round(rng.between(strategy.entryThreshold, 1), 4);
}

function roundNotional(value: number): number {
  return Math.max(1_000, Math.round(value / 1_000) * 1_000);
}

/** What every decision at one instant shares: its strategy, instrument and what was in force. */
interface Candidate {
  decisionId: string;
  decidedAt: number;
  strategy: StrategySpec;
  stressed: boolean;
  context: TradeContext;
  templateId: string;
  /** What was in force, regime_id to agent_graph_version: the columns decisions and trades share. */
  inForce: Row;
  instrument: Instrument;
  long: boolean;
  proposedNotional: number;
}

/** A decision row's first columns, decision_id to agent_graph_version. */
function decisionHead(c: Candidate): Row {
  return [c.decisionId, c.decidedAt, c.strategy.id, c.instrument.instrument_id, c.instrument.sector, ...c.inForce];
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
  const history = new LiveHistory(world, model, rng, options);
  let batch: LiveHistoryBatch = { decisions: [], trades: [] };
  for (let i = 0; i < options.decisions; i++) {
    if (history.isExecuted(i)) {
      const [decision, trade] = history.executed(i);
      batch.decisions.push(decision);
      batch.trades.push(trade);
    } else {
      batch.decisions.push(history.notExecuted(i));
    }
    if (batch.decisions.length >= options.batchSize) {
      yield batch;
      batch = { decisions: [], trades: [] };
    }
  }
  if (batch.decisions.length > 0) yield batch;
}

class LiveHistory {
  private readonly sessions = new Sessions(daysBeforeAsOf(LIVE_DAYS), AS_OF);
  private readonly picker = new InstrumentPicker();
  private readonly weights = STRATEGIES.map((s) => s.weight);
  private readonly blocks = new Map(STRATEGIES.map((s) => [s.id, new RuleBook(s, 'BLOCK')]));
  private readonly resizes = new Map(STRATEGIES.map((s) => [s.id, new RuleBook(s, 'RESIZE')]));
  private tradeNo = 0;

  constructor(
    private readonly world: World,
    private readonly model: ReturnModel,
    private readonly rng: Random,
    private readonly options: LiveHistoryOptions,
  ) {}

  isExecuted(i: number): boolean {
    const { trades, decisions } = this.options;
    return Math.floor(((i + 1) * trades) / decisions) > Math.floor((i * trades) / decisions);
  }

  /** The i-th decision's instant, strategy and instrument, and the regime, configs and template in force. */
  private candidate(i: number): Candidate {
    const { world, rng } = this;
    const decidedAt = Math.round(this.sessions.at((i + rng.uniform()) / this.options.decisions));
    const strategy = STRATEGIES[rng.weightedIndex(this.weights)];
    const regime = world.regimeAt.at(decidedAt);
    const strategyVersion = world.configs.strategy.get(strategy.id)!.at(decidedAt);
    const riskVersion = world.configs.risk.get(strategy.id)!.at(decidedAt);
    const templateId = world.configs.prompt.at(decidedAt).config_json.active_template_id as string;
    const snapshot = world.universes.get(strategy.universe)!.at(decidedAt);
    const instrument = this.picker.pick(rng, strategy, snapshot);
    return {
      decisionId: serialId('dc', i + 1),
      decidedAt,
      strategy,
      stressed: REGIME_PROFILES[regime.label].stressed,
      context: { strategy, regime: regime.label, knobs: strategyVersion.config_json.knobs as Record<string, KnobValue>, provenance: 'LIVE' },
      templateId,
      inForce: [
        regime.regime_id,
        snapshot.universe_id,
        instrument.profiles.at(decidedAt).profile_version_id,
        strategyVersion.config_version_id,
        riskVersion.config_version_id,
        templateId,
        AGENT_GRAPHS.at(decidedAt),
      ],
      instrument,
      long: rng.chance(strategy.longShare),
      proposedNotional: roundNotional(strategy.maxPositionNotional * rng.between(0.35, 1)),
    };
  }

  /** An entry that Risk approved (or resized), and the round-trip trade it opened. */
  executed(i: number): [Row, Row] {
    const { rng } = this;
    const c = this.candidate(i);
    const { strategy, instrument } = c;
    const resizeBook = this.resizes.get(strategy.id)!;
    const resizedBy = rng.chance(resizeBook.total(c.stressed)) ? resizeBook.pick(rng, c.stressed) : null;
    const approved = resizedBy ? roundNotional(c.proposedNotional * rng.between(0.3, 0.7)) : c.proposedNotional;
    const direction = c.long ? 1 : -1;
    const openedAt = c.decidedAt + Math.round(rng.between(20, 180) * 1000);
    const entry = Math.max(0.5, round(priceAt(instrument, openedAt) * (1 + 0.001 * rng.normal()), 4));
    const quantity = direction * Math.max(1, Math.round(approved / entry));
    const notional = Math.abs(quantity * entry);
    const gross = this.model.drawNetReturn(rng, c.context) + strategy.feeRate;
    const exit = Math.max(0.0001, round(entry * (1 + direction * gross), 4));
    const fees = round(notional * strategy.feeRate, 2);
    const pnl = round(quantity * (exit - entry) - fees, 2);
    let closedAt = nextWeekday(openedAt + Math.round(strategy.holdingPeriodDays * rng.between(0.5, 1.5) * DAY_MS));
    if (closedAt >= AS_OF) closedAt = openedAt + Math.round((AS_OF - openedAt) * rng.between(0.3, 0.9));
    const tradeId = serialId('tr', ++this.tradeNo);
    return [
      [
        ...decisionHead(c),
        c.long ? 'ENTER_LONG' : 'ENTER_SHORT',
        entryScore(rng, strategy),
        null,
        resizedBy ? 'RESIZED' : 'APPROVED',
        resizedBy !== null,
        resizedBy?.rule_id ?? null,
        c.proposedNotional,
        approved,
        (direction * (exit - entry)) / entry,
        tradeId,
      ],
      [
        tradeId,
        c.decisionId,
        strategy.id,
        instrument.instrument_id,
        instrument.sector,
        c.long ? 'LONG' : 'SHORT',
        openedAt,
        closedAt,
        quantity,
        entry,
        exit,
        notional,
        pnl,
        pnl / notional,
        fees,
        ...c.inForce,
      ],
    ];
  }

  /**
   * A decision that traded nothing: an assessment error, an entry a rule blocked, or a hold, skip or exit.
   * Their probabilities among these decisions make the error rate hold over all decisions and the
   * blocked entries number each rule's rate per executed trade.
   */
  notExecuted(i: number): Row {
    const { rng } = this;
    const { trades, decisions, effects } = this.options;
    const c = this.candidate(i);
    const { templateErrors } = PLANTED;
    const errorRate = effects.has('template_errors') && c.templateId === templateErrors.templateId ? templateErrors.errorRate : templateErrors.baseErrorRate;
    const blockBook = this.blocks.get(c.strategy.id)!;
    const pError = (errorRate * decisions) / (decisions - trades);
    const pBlocked = (blockBook.total(c.stressed) * trades) / (decisions - trades);
    const head = decisionHead(c);
    const u = rng.uniform();
    if (u < pError) {
      return [...head, 'SKIP', null, ERROR_KINDS[rng.weightedIndex(ERROR_WEIGHTS)], 'APPROVED', false, null, 0, 0, null, null];
    }
    const enter = c.long ? 'ENTER_LONG' : 'ENTER_SHORT';
    if (u < pError + pBlocked) {
      const rule = blockBook.pick(rng, c.stressed);
      const forward = this.model.drawBlockedForwardReturn(rng, c.context, rule.rule_id);
      return [...head, enter, entryScore(rng, c.strategy), null, 'BLOCKED', true, rule.rule_id, c.proposedNotional, 0, forward, null];
    }
    const action = IDLE_ACTIONS[rng.weightedIndex(IDLE_WEIGHTS)];
    const score = action === 'SKIP' ? rng.between(0.02, c.strategy.entryThreshold) : rng.between(0.2, 0.95);
    const size = action === 'EXIT' ? c.proposedNotional : 0;
    return [...head, action, round(score, 4), null, 'APPROVED', false, null, size, size, null, null];
  }
}
