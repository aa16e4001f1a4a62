/**
 * Assessment quality: error rates by prompt template (against the other templates of its slot) and by
 * agent graph version (against the other versions), calibration of assessment_score (does a higher
 * score come before a better forward return?), low-score entries that lose, and stability (how often
 * the action for an instrument flips between consecutive decisions).
 */
import type { Aggregates, AssessmentCell, CalibrationCell } from '../aggregates.js';
import { studentTPValue } from '../stats/alternative.js';
import { type ClusterRecord, clusteredTest, sumsByCluster } from '../stats/cluster-robust.js';
import { studentTInterval } from '../stats/t-interval.js';
import { wilsonInterval } from '../stats/wilson-interval.js';
import { type DiagnosticCell, insufficient, makeCell, MIN_SAMPLE } from './cell.js';
import { momentMean } from './moments.js';

const SECTION = 'assessment_quality';
const NONE = '(none)';

interface Rate {
  errors: number;
  n: number;
  /** Assessments and errors per day: an error is a 0/1 outcome, so Σx = Σx² = errors. */
  days: ClusterRecord[];
}

function ratesBy(cells: readonly AssessmentCell[], key: (c: AssessmentCell) => string | null): Map<string, Rate> {
  const rates = new Map<string, Rate>();
  for (const c of cells) {
    const k = key(c) ?? NONE;
    const r = rates.get(k) ?? { errors: 0, n: 0, days: [] };
    const errors = c.error !== null ? c.n : 0;
    r.n += c.n;
    r.errors += errors;
    r.days.push({ cluster: c.day, n: c.n, sum: errors, sum_sq: errors });
    rates.set(k, r);
  }
  return rates;
}

const activeClusters = (sums: { n: readonly number[] }) => sums.n.filter((n) => n > 0).length;

/**
 * Each group's error rate against the pooled rate of its peers ('greater': the group errs more), the day
 * as the cluster: an outage or a bad release raises a whole day's errors together.
 */
function errorRateCells(
  rates: Map<string, Rate>,
  subject: (id: string) => Record<string, string>,
  peersOf: (id: string) => string[],
  kind: 'PROMPT_TEMPLATE_ERRORS' | null,
): DiagnosticCell[] {
  return [...rates.keys()].sort().map((id) => {
    const own = rates.get(id)!;
    const peers = peersOf(id).map((p) => rates.get(p)!);
    const others = peers.reduce((acc, r) => ({ errors: acc.errors + r.errors, n: acc.n + r.n, days: [...acc.days, ...r.days] }), {
      errors: 0,
      n: 0,
      days: [] as ClusterRecord[],
    });
    const best = peersOf(id)
      .filter((p) => rates.get(p)!.n >= MIN_SAMPLE.assessments)
      .sort((a, b) => rates.get(a)!.errors / rates.get(a)!.n - rates.get(b)!.errors / rates.get(b)!.n)[0];
    const base = makeCell({
      section: SECTION,
      kind,
      subject: subject(id),
      metric: 'error_rate_diff',
      n: own.n,
      value: own.n > 0 ? own.errors / own.n : NaN,
      baseline: others.n > 0 ? others.errors / others.n : NaN,
      extra: { errors: own.errors, others_n: others.n, others_errors: others.errors, better_template_id: kind ? (best ?? null) : null },
    });
    if (id === NONE || own.n < MIN_SAMPLE.assessments || others.n < MIN_SAMPLE.assessments) {
      return insufficient(base, `fewer than ${MIN_SAMPLE.assessments} assessments on a side`);
    }
    const [ownDays, otherDays] = sumsByCluster([own.days, others.days]);
    if (activeClusters(ownDays) + activeClusters(otherDays) < MIN_SAMPLE.clusters)
      return insufficient(base, `fewer than ${MIN_SAMPLE.clusters} days (the clusters of the variance)`);
    const test = clusteredTest(
      [
        { coefficient: 1, sums: ownDays },
        { coefficient: -1, sums: otherDays },
      ],
      0,
      'greater',
    );
    if (!Number.isFinite(test.p)) return insufficient(base, "its assessments or its peers' all fell on one day, or no errors on either side");
    return { ...base, status: 'tested', effect: test.estimate, ci: test.ci, p: test.p, extra: { ...base.extra, days: test.clusters, df: test.df } };
  });
}

/** Error rates by template (against its slot's other templates) and by agent graph version. */
function errorRates(agg: Aggregates): DiagnosticCell[] {
  const byTemplate = ratesBy(agg.assessment, (c) => c.prompt_template_id);
  const slotOf = (id: string) => agg.template_slots[id] ?? NONE;
  const templates = errorRateCells(
    byTemplate,
    (id) => ({ prompt_template_id: id, slot: slotOf(id) }),
    (id) => [...byTemplate.keys()].filter((other) => other !== id && other !== NONE && slotOf(other) === slotOf(id)),
    'PROMPT_TEMPLATE_ERRORS',
  );
  const byGraph = ratesBy(agg.assessment, (c) => c.agent_graph_version);
  const graphs = errorRateCells(
    byGraph,
    (id) => ({ agent_graph_version: id }),
    (id) => [...byGraph.keys()].filter((other) => other !== id && other !== NONE),
    null,
  );
  return [...templates, ...graphs];
}

type Sums = Omit<CalibrationCell, 'strategy_id' | 'score_bucket' | 'executed' | 'day'>;

function add(cells: readonly CalibrationCell[]): Sums {
  const zero: Sums = { n: 0, n_forward: 0, sum_forward: 0, sum_sq_forward: 0, sum_score: 0, sum_sq_score: 0, sum_score_forward: 0 };
  return cells.reduce((acc, c) => {
    for (const k of Object.keys(zero) as (keyof Sums)[]) acc[k] += c[k];
    return acc;
  }, zero);
}

/**
 * Slope of forward return on score over a strategy's entry decisions, from sums: b = Sxy/Sxx (centred),
 * se = √(RSS/(n − 2)/Sxx), t with n − 2 degrees of freedom, two-sided.
 */
function calibration(agg: Aggregates, strategy: string): DiagnosticCell {
  const s = add(agg.calibration.filter((c) => c.strategy_id === strategy));
  const n = s.n_forward;
  const sxx = s.sum_sq_score - (s.sum_score * s.sum_score) / n;
  const sxy = s.sum_score_forward - (s.sum_score * s.sum_forward) / n;
  const syy = s.sum_sq_forward - (s.sum_forward * s.sum_forward) / n;
  const slope = sxy / sxx;
  const rss = Math.max(0, syy - slope * sxy);
  const se = Math.sqrt(rss / (n - 2) / sxx);
  const base = makeCell({ section: SECTION, subject: { strategy_id: strategy }, metric: 'score_slope', n, value: slope, baseline: 0 });
  if (n < MIN_SAMPLE.trades || !(sxx > 0) || !(se > 0)) return insufficient(base, `fewer than ${MIN_SAMPLE.trades} scored entries, or no spread in scores`);
  return { ...base, status: 'tested', effect: slope, ci: studentTInterval(slope, se, n - 2, 0.95), p: studentTPValue(slope / se, n - 2, 'two-sided') };
}

/** Forward returns of calibration cells per day (the decisions of a day share its market move). */
const forwardByDay = (cells: readonly CalibrationCell[]): ClusterRecord[] =>
  cells.map((c) => ({ cluster: c.day, n: c.n_forward, sum: c.sum_forward, sum_sq: c.sum_sq_forward }));

/**
 * Executed entries in a strategy's lowest score deciles (the fewest whole deciles holding a third of its
 * executed entries) against the rest: they lose (mean forward return < 0) AND do worse than the rest;
 * p is the larger of the two one-sided p-values (intersection–union test), both clustered by day.
 */
function lowScore(agg: Aggregates, strategy: string): DiagnosticCell {
  const executed = agg.calibration.filter((c) => c.strategy_id === strategy && c.executed && c.score_bucket !== null);
  const total = add(executed).n_forward;
  let cumulative = 0;
  let cutBucket = -1;
  for (let b = 0; b <= 9 && cumulative < total / 3; b++) {
    cumulative += add(executed.filter((c) => c.score_bucket === b)).n_forward;
    cutBucket = b;
  }
  const threshold = (cutBucket + 1) / 10;
  const toMoments = (x: Sums) => ({ n: x.n_forward, sum: x.sum_forward, sum_sq: x.sum_sq_forward });
  const lowCells = executed.filter((c) => (c.score_bucket as number) <= cutBucket);
  const highCells = executed.filter((c) => (c.score_bucket as number) > cutBucket);
  const low = toMoments(add(lowCells));
  const high = toMoments(add(highCells));
  const base = makeCell({
    section: SECTION,
    kind: 'LOW_SCORE_LOSES',
    subject: { strategy_id: strategy },
    metric: 'mean_forward_return',
    n: low.n,
    value: momentMean(low),
    baseline: momentMean(high),
    extra: { score_threshold: threshold, rest_n: high.n },
  });
  if (low.n < MIN_SAMPLE.trades || high.n < MIN_SAMPLE.trades)
    return insufficient(base, `fewer than ${MIN_SAMPLE.trades} executed entries on a side of the score threshold`);
  const [lowDays, highDays] = sumsByCluster([forwardByDay(lowCells), forwardByDay(highCells)]);
  if (activeClusters(lowDays) < MIN_SAMPLE.clusters)
    return insufficient(base, `fewer than ${MIN_SAMPLE.clusters} days with low-score entries (the clusters of the variance)`);
  const below = clusteredTest([{ coefficient: 1, sums: lowDays }], 0, 'less');
  const worse = clusteredTest(
    [
      { coefficient: 1, sums: lowDays },
      { coefficient: -1, sums: highDays },
    ],
    0,
    'less',
  );
  if (!Number.isFinite(below.p) || !Number.isFinite(worse.p)) return insufficient(base, 'the low-score entries or the rest fell on one day');
  return {
    ...base,
    status: 'tested',
    effect: below.estimate,
    ci: below.ci,
    p: Math.max(below.p, worse.p),
    extra: { ...base.extra, diff_vs_rest: worse.estimate, days: below.clusters, df: below.df },
  };
}

/** Flip rate per strategy with its Wilson interval (a description: no hypothesis of its own). */
function flips(agg: Aggregates): DiagnosticCell[] {
  return agg.flips.map((f) => {
    const rate = f.pairs > 0 ? f.flips / f.pairs : NaN;
    return makeCell({
      section: SECTION,
      subject: { strategy_id: f.strategy_id },
      metric: 'action_flip_rate',
      n: f.pairs,
      effect: rate,
      value: rate,
      ci: f.pairs > 0 ? wilsonInterval(f.flips, f.pairs, 1.959963984540054) : [NaN, NaN],
      extra: { flips: f.flips, from: f.from, to: f.to, horizon_hours: f.horizon_hours },
    });
  });
}

/**
 * @example
 * const cells = assessmentQualitySection(aggregates);
 */
export function assessmentQualitySection(agg: Aggregates): DiagnosticCell[] {
  const strategies = [...new Set(agg.calibration.map((c) => c.strategy_id))].sort();
  return [...errorRates(agg), ...strategies.map((s) => calibration(agg, s)), ...strategies.map((s) => lowScore(agg, s)), ...flips(agg)];
}
