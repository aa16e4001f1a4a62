/**
 * Data quality of a run: what could not be used as stored. Bad rows are counted and lower the score
 * (and so the proposals' confidence); they never stop the run.
 */
import type { Aggregates } from '../aggregates.js';
import type { DataQuality } from '../findings.js';

/**
 * score = 1 − (unusable trade rows + unusable decision rows)/(trades + decisions), capped to [0, 1];
 * a trade counts once per problem (null or non-finite return, unknown regime, unknown config version,
 * duplicate, entry outside its regime's period); a decision once per non-finite forward return or
 * unknown regime. A missing forward return is not a defect (the horizon may not have passed) and is only
 * noted. An empty window scores 0.
 *
 * @example
 * dataQuality(aggregates); // { trades: 3000, …, score: 0.998, notes: ['2 trades with a non-finite return'] }
 */
export function dataQuality(agg: Aggregates): DataQuality {
  const q = agg.quality;
  const problems: Array<[number, string]> = [
    [q.null_returns, 'trades without a return'],
    [q.non_finite_returns, 'trades with a NaN or infinite return'],
    [q.unknown_regime_trades, 'trades whose regime_id is unknown'],
    [q.unknown_config_trades, 'trades whose strategy config version is unknown'],
    [q.duplicate_trades, 'duplicate trades'],
    [q.outside_regime_period, 'trades entered outside their regime period'],
    [q.non_finite_forward_returns, 'decisions with a NaN or infinite forward return'],
    [q.unknown_regime_decisions, 'decisions whose regime_id is unknown'],
  ];
  const rows = q.trades + q.decisions;
  const bad = problems.reduce((s, [count]) => s + count, 0);
  const empty = q.trades === 0 && q.decisions === 0;
  const notes = problems.filter(([count]) => count > 0).map(([count, what]) => `${count} ${what}`);
  if (empty) notes.unshift('no trades and no decisions in the window');
  // A decision may lack a forward return (its horizon has not passed, or it asked for no position): noted, not penalised.
  if (q.null_forward_returns > 0) notes.push(`${q.null_forward_returns} decisions without a forward return (not scored)`);
  return {
    trades: q.trades,
    decisions: q.decisions,
    null_returns: q.null_returns + q.null_forward_returns,
    non_finite_returns: q.non_finite_returns + q.non_finite_forward_returns,
    unknown_regime: q.unknown_regime_trades + q.unknown_regime_decisions,
    unknown_config_version: q.unknown_config_trades,
    duplicates: q.duplicate_trades,
    outside_regime_period: q.outside_regime_period,
    empty_window: empty,
    score: empty ? 0 : Math.max(0, Math.min(1, 1 - bad / rows)),
    notes,
  };
}
