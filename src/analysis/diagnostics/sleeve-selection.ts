/**
 * Sleeve selection from the latest backtests' metrics_json: by lambda uplift (lambda_sharpe −
 * baseline_sharpe), and robustly by the worst regime's uplift weighted by the STAB score. A missing key
 * makes the sleeve's score unknown: it is listed apart, never ranked as 0.
 */
import type { Aggregates, BacktestAggregate } from '../aggregates.js';
import { makeCell, type DiagnosticCell } from './cell.js';
import { metricNumber } from './live-vs-backtest.js';

export interface SleeveScore {
  strategy_id: string;
  sleeve_id: string;
  run_id: string;
  score: number;
}

export interface SleeveRanking {
  /** The k best sleeves, best first. */
  top: SleeveScore[];
  /** Sleeves whose score is unknown (a metrics_json key missing), with the missing key. */
  unknown: Array<{ strategy_id: string; sleeve_id: string; run_id: string; missing: string }>;
}

type Score = { score: number } | { missing: string };

function rank(runs: readonly BacktestAggregate[], k: number, score: (run: BacktestAggregate) => Score): SleeveRanking {
  const scored: SleeveScore[] = [];
  const unknown: SleeveRanking['unknown'] = [];
  for (const run of runs) {
    if (run.sleeve_id === null) continue;
    const s = score(run);
    const id = { strategy_id: run.strategy_id, sleeve_id: run.sleeve_id, run_id: run.run_id };
    if ('missing' in s) unknown.push({ ...id, missing: s.missing });
    else scored.push({ ...id, score: s.score });
  }
  scored.sort((a, b) => b.score - a.score || (a.sleeve_id < b.sleeve_id ? -1 : 1));
  return { top: scored.slice(0, Math.max(0, k)), unknown };
}

function uplift(metrics: Record<string, unknown>, ...path: string[]): Score {
  const lambda = metricNumber(metrics, ...path, 'lambda_sharpe');
  const baseline = metricNumber(metrics, ...path, 'baseline_sharpe');
  if (lambda === null) return { missing: [...path, 'lambda_sharpe'].join('.') };
  if (baseline === null) return { missing: [...path, 'baseline_sharpe'].join('.') };
  return { score: lambda - baseline };
}

/**
 * The k sleeves with the largest lambda uplift, metrics_json.lambda.lambda_sharpe − baseline_sharpe.
 *
 * @example
 * selectTopSleevesLambdaUplift(aggregates.backtests, 3).top; // [{ sleeve_id: 'momentum_tilt', score: 0.31, … }, …]
 */
export function selectTopSleevesLambdaUplift(runs: readonly BacktestAggregate[], k: number): SleeveRanking {
  return rank(runs, k, (run) => uplift(run.metrics, 'lambda'));
}

/**
 * The k sleeves with the best robust uplift: the worst regime's uplift in lambda.by_regime, weighted by
 * the STAB score s ∈ [0, 1] so instability always counts against a sleeve: w·s when the worst uplift w is
 * positive, w·(2 − s) when it is negative. Unknown when by_regime has no regime or stab.score is missing
 * or any regime misses a key.
 *
 * @example
 * selectTopSleevesLambdaRobust(aggregates.backtests, 3).unknown; // sleeves without lambda.by_regime or stab.score
 */
export function selectTopSleevesLambdaRobust(runs: readonly BacktestAggregate[], k: number): SleeveRanking {
  return rank(runs, k, (run) => {
    const stab = metricNumber(run.metrics, 'stab', 'score');
    if (stab === null) return { missing: 'stab.score' };
    const byRegime = (run.metrics.lambda as { by_regime?: unknown } | undefined)?.by_regime;
    const regimes = byRegime !== null && typeof byRegime === 'object' ? Object.keys(byRegime).sort() : [];
    if (regimes.length === 0) return { missing: 'lambda.by_regime' };
    const uplifts = regimes.map((label) => uplift(run.metrics, 'lambda', 'by_regime', label));
    const missing = uplifts.find((u): u is { missing: string } => 'missing' in u);
    if (missing) return missing;
    const worst = Math.min(...uplifts.map((u) => (u as { score: number }).score));
    return { score: worst >= 0 ? worst * stab : worst * (2 - stab) };
  });
}

/**
 * Both rankings over every sleeve, as descriptive cells.
 *
 * @example
 * const cells = sleeveSelectionSection(aggregates);
 */
export function sleeveSelectionSection(agg: Aggregates): DiagnosticCell[] {
  const sleeves = agg.backtests.filter((b) => b.sleeve_id !== null).length;
  return (
    [
      ['lambda_uplift', selectTopSleevesLambdaUplift(agg.backtests, sleeves)],
      ['lambda_robust_uplift', selectTopSleevesLambdaRobust(agg.backtests, sleeves)],
    ] as const
  ).flatMap(([metric, ranking]) => [
    ...ranking.top.map((s, i) =>
      makeCell({
        section: 'sleeve_selection',
        subject: { strategy_id: s.strategy_id, sleeve_id: s.sleeve_id },
        metric,
        provenance: 'BACKTEST',
        observational: false,
        value: s.score,
        effect: s.score,
        extra: { rank: i + 1, run_id: s.run_id },
      }),
    ),
    ...ranking.unknown.map((s) =>
      makeCell({
        section: 'sleeve_selection',
        subject: { strategy_id: s.strategy_id, sleeve_id: s.sleeve_id },
        metric,
        provenance: 'BACKTEST',
        observational: false,
        extra: { rank: null, run_id: s.run_id, missing: s.missing },
      }),
    ),
  ]);
}
