/**
 * Backtest runs and their trades, drawn from the same return model as live trading (only the planted
 * live-below-backtest strategy's backtests come from a stronger one), at the live trade density, so that
 * without a planted effect backtest and live metrics agree.
 *
 * Per strategy: an old strategy-level run, a failed run (for some strategies), one run per sleeve, and the
 * latest strategy-level run, backtesting the config in force when it was made.
 */
import { AS_OF, DAY_MS, HOUR_MS, LIVE_DAYS, Sessions, daysBeforeAsOf } from './calendar.js';
import { InstrumentPicker } from './instrument-picker.js';
import type { Random } from './random.js';
import type { ReturnModel } from './return-model.js';
import { round } from './round.js';
import type { Row } from './tables.js';
import type { World } from './world/build-world.js';
import { STRATEGIES, type KnobValue } from './world/strategies.js';
import { type BacktestMetricsInput, backtestMetrics } from './backtest-metrics.js';
import type { BacktestPlan } from './backtest-plan.js';

interface RunShape {
  sleeveIndex: number | null;
  fromDays: number;
  toDays: number;
  createdDays: number;
  status: BacktestPlan['status'];
  latest: boolean;
}

function runShapes(strategyIndex: number): RunShape[] {
  const shapes: RunShape[] = [{ sleeveIndex: null, fromDays: 330, toDays: 270, createdDays: 268, status: 'COMPLETED', latest: false }];
  if (strategyIndex % 2 === 0) shapes.push({ sleeveIndex: null, fromDays: 210, toDays: 150, createdDays: 149, status: 'FAILED', latest: false });
  shapes.push(
    { sleeveIndex: 0, fromDays: 220, toDays: 100, createdDays: 99, status: 'COMPLETED', latest: false },
    { sleeveIndex: 1, fromDays: 220, toDays: 100, createdDays: 99, status: 'COMPLETED', latest: false },
    { sleeveIndex: null, fromDays: 140, toDays: 21, createdDays: 20, status: 'COMPLETED', latest: true },
  );
  return shapes;
}

/**
 * The runs to write, with their trade counts: a strategy's backtest trades per session equal its live
 * trades per session (`liveTrades` spread over the live span by strategy weight), times the sleeve's share
 * of the strategy's universe weight for a sleeve run.
 *
 * @example
 * planBacktests(world, 3000).filter((p) => p.latest).length; // one per strategy
 */
export function planBacktests(world: World, liveTrades: number): BacktestPlan[] {
  const liveSessions = new Sessions(daysBeforeAsOf(LIVE_DAYS), AS_OF).days.length;
  const picker = new InstrumentPicker();
  return STRATEGIES.flatMap((strategy, strategyIndex) => {
    const perSession = (liveTrades * strategy.weight) / liveSessions;
    return runShapes(strategyIndex).map((shape, i) => {
      const periodStart = daysBeforeAsOf(shape.fromDays);
      const periodEnd = daysBeforeAsOf(shape.toDays);
      const createdAt = daysBeforeAsOf(shape.createdDays) + 23 * HOUR_MS;
      const sessions = new Sessions(periodStart, periodEnd).days.length;
      const sleeve = shape.sleeveIndex === null ? null : { id: strategy.sleeves[shape.sleeveIndex], slice: { index: shape.sleeveIndex, of: 2 } };
      const snapshot = world.universes.get(strategy.universe)!.at(periodEnd);
      const share = sleeve ? picker.sleeveShare(strategy, snapshot, sleeve.slice) : 1;
      return {
        run_id: `bt-${strategy.id}-${String(i + 1).padStart(3, '0')}`,
        strategy,
        sleeve,
        config: world.configs.strategy.get(strategy.id)!.at(createdAt),
        universe_id: snapshot.universe_id,
        periodStart,
        periodEnd,
        createdAt,
        status: shape.status,
        trades: shape.status === 'FAILED' ? 0 : Math.max(30, Math.round(perSession * sessions * share)),
        latest: shape.latest,
      };
    });
  });
}

/**
 * A run's trades in batches; once all are out, `metrics` holds what metrics_json is built from.
 *
 * @example
 * const run = backtestTrades(world, model, rng, plan, 5000);
 * for (const rows of run.batches) await writer.write(TABLES.backtest_trades, rows);
 * backtestMetrics(run.metrics, rng);
 */
export function backtestTrades(
  world: World,
  model: ReturnModel,
  rng: Random,
  plan: BacktestPlan,
  batchSize: number,
): { batches: Generator<Row[]>; metrics: BacktestMetricsInput } {
  const sessions = new Sessions(plan.periodStart, plan.periodEnd);
  const metrics: BacktestMetricsInput = {
    plan,
    sessionDays: sessions.days,
    dailyPnl: new Array<number>(sessions.days.length).fill(0),
    dayRegimes: sessions.days.map((day) => world.regimeAt.at(day).label),
    returns: [],
    regimeReturns: new Map(),
  };
  const knobs = plan.config.config_json.knobs as Record<string, KnobValue>;
  const picker = new InstrumentPicker();
  const strategy = plan.strategy;
  function* batches(): Generator<Row[]> {
    let rows: Row[] = [];
    for (let i = 0; i < plan.trades; i++) {
      const openedAt = Math.round(sessions.at((i + rng.uniform()) / plan.trades));
      const regime = world.regimeAt.at(openedAt);
      const snapshot = world.universes.get(strategy.universe)!.at(openedAt);
      const instrument = picker.pick(rng, strategy, snapshot, plan.sleeve?.slice);
      const notional = round(strategy.maxPositionNotional * rng.between(0.35, 1), 2);
      const pnl = round(notional * model.drawNetReturn(rng, { strategy, regime: regime.label, knobs, provenance: 'BACKTEST' }), 2);
      const returnPct = pnl / notional;
      const holding = strategy.holdingPeriodDays * rng.between(0.5, 1.5) * DAY_MS;
      const closedAt = Math.min(openedAt + Math.round(holding), plan.periodEnd - 60_000);
      const dayIndex = Math.min(
        sessions.days.length - 1,
        Math.max(
          0,
          sessions.days.findLastIndex((d) => d <= closedAt),
        ),
      );
      metrics.dailyPnl[dayIndex] += pnl;
      metrics.returns.push(returnPct);
      const inRegime = metrics.regimeReturns.get(regime.label) ?? [];
      inRegime.push(returnPct);
      metrics.regimeReturns.set(regime.label, inRegime);
      rows.push([
        plan.run_id,
        `t-${String(i + 1).padStart(7, '0')}`,
        instrument.instrument_id,
        instrument.sector,
        rng.chance(strategy.longShare) ? 'LONG' : 'SHORT',
        openedAt,
        closedAt,
        notional,
        pnl,
        returnPct,
        regime.regime_id,
      ]);
      if (rows.length >= batchSize) {
        yield rows;
        rows = [];
      }
    }
    if (rows.length > 0) yield rows;
  }
  return { batches: batches(), metrics };
}

/** The backtest_runs row of a run whose trades have all been generated. */
export function backtestRunRow(metrics: BacktestMetricsInput, rng: Random): Row {
  const { plan } = metrics;
  return [
    plan.run_id,
    plan.strategy.id,
    plan.sleeve?.id ?? null,
    plan.config.config_version_id,
    plan.config.config_json,
    plan.universe_id,
    plan.periodStart,
    plan.periodEnd,
    plan.createdAt,
    plan.status,
    plan.status === 'FAILED' ? {} : backtestMetrics(metrics, rng),
  ];
}
