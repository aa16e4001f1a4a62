/**
 * Selection across runs. The weekly analysis re-tests overlapping windows, so one hypothesis (a cell:
 * kind and subject) is tried about 52 times a year, while the run's FDR control counts only the run's
 * own family. The ledger keeps every hypothesis each run tested; a finding's history says how often its
 * hypothesis was tested before, on how much distinct data, and in how many of those windows it was a
 * finding, so the confidence can charge the extra tries and the page can show an intermittent finding.
 *
 * The tries are counted as distinct windows, not as distinct data: overlapping windows are correlated,
 * but the maximum over many of them is still far likelier to be extreme than over the few disjoint
 * windows their data would fill (52 weekly looks at a 90-day window under no effect: 56 % reach p < 0.05
 * somewhere, against 22 % for 5 disjoint windows; test/unit/proposals/hypothesis-ledger.test.ts). Šidák's
 * inequality holds for two-sided tests of jointly normal statistics whatever their correlation, so
 * 1 − (1 − p)^K over K windows bounds the chance of a p this small by luck, without modelling the overlap.
 */
import type { AnalysisWindow, DiagnosticsResult } from '../analysis/findings.js';
import { allCells } from './diagnostic-cells.js';

/** One hypothesis one run tested, as the ledger stores it. */
export interface HypothesisTest {
  hypothesis_id: string;
  section: string;
  kind: string | null;
  metric: string;
  subject: Record<string, string>;
  window_start: string;
  window_end: string;
  n: number;
  effect: number | null;
  p: number;
  q: number | null;
  finding: boolean;
}

/** What the ledger says about one hypothesis before the current run. */
export interface HypothesisHistory {
  /** Tests of the same hypothesis in earlier runs (windows ending no later than this one's). */
  earlier_tests: number;
  /** How many of them made it a finding (q at most the FDR level). */
  earlier_findings: number;
  /** How many of them had an effect of the same sign as the current one. */
  same_sign: number;
  /** Start of the earliest window it was tested on; null when never before. */
  first_window_start: string | null;
  /** Distinct windows it was tested on, this run's included (the same window analysed again is no new try). */
  trials: number;
  /** The days covered by the union of those windows over this window's length: how much distinct data they hold. */
  windows_of_data: number;
}

/**
 * Every hypothesis the run tested (cells with a p-value in its multiple-testing family), for the ledger.
 *
 * @example
 * testedHypotheses(result).filter((t) => t.finding).length === result.findings.length;
 */
export function testedHypotheses(result: Pick<DiagnosticsResult, 'diagnostics' | 'findings' | 'window'>): HypothesisTest[] {
  const findings = new Set(result.findings.map((f) => f.id));
  const seen = new Set<string>();
  const tests: HypothesisTest[] = [];
  for (const cell of allCells(result.diagnostics)) {
    if (cell.status !== 'tested' || typeof cell.p !== 'number' || !Number.isFinite(cell.p) || seen.has(cell.id)) continue;
    seen.add(cell.id);
    tests.push({
      hypothesis_id: cell.id,
      section: cell.section,
      kind: cell.kind,
      metric: cell.metric,
      subject: { ...cell.subject },
      window_start: result.window.start,
      window_end: result.window.end,
      n: cell.n,
      effect: typeof cell.effect === 'number' && Number.isFinite(cell.effect) ? cell.effect : null,
      p: cell.p,
      q: typeof cell.q === 'number' && Number.isFinite(cell.q) ? cell.q : null,
      finding: findings.has(cell.id),
    });
  }
  return tests;
}

/** Total length of the union of some time intervals, in ms. */
function unionLength(intervals: [number, number][]): number {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let current: [number, number] | null = null;
  for (const [a, b] of sorted) {
    if (current && a <= current[1]) current[1] = Math.max(current[1], b);
    else {
      if (current) total += current[1] - current[0];
      current = [a, b];
    }
  }
  return current ? total + current[1] - current[0] : total;
}

/**
 * The history of one hypothesis from its earlier tests, seen from the current window and effect.
 *
 * @example
 * hypothesisHistory({ start: '2026-01-01T00:00:00Z', end: '2026-04-01T00:00:00Z' }, -0.01, earlier).trials; // e.g. 2: this window and one a week earlier
 */
export function hypothesisHistory(window: Pick<AnalysisWindow, 'start' | 'end'>, effect: number, earlier: HypothesisTest[]): HypothesisHistory {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  if (!(end > start)) throw new Error(`the analysis window ${window.start} … ${window.end} is empty`);
  const intervals: [number, number][] = [[start, end], ...earlier.map((t): [number, number] => [Date.parse(t.window_start), Date.parse(t.window_end)])];
  const firstStart = earlier.reduce<string | null>((min, t) => (min === null || Date.parse(t.window_start) < Date.parse(min) ? t.window_start : min), null);
  return {
    earlier_tests: earlier.length,
    earlier_findings: earlier.filter((t) => t.finding).length,
    same_sign: earlier.filter((t) => t.effect !== null && Math.sign(t.effect) === Math.sign(effect) && effect !== 0).length,
    first_window_start: firstStart,
    trials: new Set(intervals.map(([a, b]) => `${a}/${b}`)).size,
    windows_of_data: Math.max(1, unionLength(intervals) / (end - start)),
  };
}

/**
 * The share of a finding's evidence that survives its extra tries: over K windows a p this small turns
 * up by chance with probability at most 1 − (1 − p)^K (Šidák) rather than p; the run's FDR control
 * already charged one try, so the extra K − 1 leave (1 − p)^(K − 1) of it.
 *
 * @example
 * selectionFactor(0.04, 5); // 0.96^4 ≈ 0.849
 */
export function selectionFactor(p: number, trials: number): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`p must be in [0, 1], got ${p}`);
  return (1 - p) ** Math.max(0, trials - 1);
}
