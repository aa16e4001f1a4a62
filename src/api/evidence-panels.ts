/**
 * Evidence as chart panels (see review-page/charts.js): each finding's effect with its interval, its
 * neighbouring cells in the run's diagnostics (the strategy's performance in each regime, the other
 * strategies in the regime, …), the value in the cell against what it was compared with (live against
 * backtest, blocked decisions' counterfactual against approved ones, …), and the same cell's effect across
 * earlier analysis runs. Panels are built from whatever cells the JSON holds, so a new kind of finding or
 * diagnostic is drawn without new chart code.
 */
import { type Provenance, PROVENANCES } from '../analysis/findings.js';
import type { Bar, Panel } from './review-page/charts.js';

/** The fields of a diagnostic cell that the charts read; checked, never assumed. */
export interface ChartableCell {
  id?: string;
  kind?: string | null;
  status?: string;
  subject: Record<string, string>;
  metric: string;
  n: number;
  effect: number;
  ci: [number, number];
  ci_level?: number;
  q?: number;
  value?: number;
  baseline?: number;
  provenance?: Provenance;
}

/** A finding (src/analysis/findings.ts): a cell that passed its test, with its id and kind. */
export interface ChartableFinding extends ChartableCell {
  id: string;
  kind: string;
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** True when `x` carries what a chart needs: a subject, a metric, n, an effect and its interval. */
export function isChartableCell(x: unknown): x is ChartableCell {
  if (!isRecord(x)) return false;
  const ci = x.ci;
  return (
    typeof x.metric === 'string' &&
    isRecord(x.subject) &&
    isFiniteNumber(x.n) &&
    isFiniteNumber(x.effect) &&
    Array.isArray(ci) &&
    ci.length === 2 &&
    ci.every(isFiniteNumber) &&
    (x.provenance === undefined || PROVENANCES.some((p) => p === x.provenance))
  );
}

/** True when `x` is a chartable cell with the id and kind of a finding. */
export function isChartableFinding(x: unknown): x is ChartableFinding {
  return isChartableCell(x) && typeof x.id === 'string' && typeof x.kind === 'string';
}

/** The findings a JSON value holds at `findings` (evidence_json, diagnostics_json), skipping malformed entries. */
export function findingsIn(json: unknown): ChartableFinding[] {
  const list = isRecord(json) ? json.findings : undefined;
  return Array.isArray(list) ? list.filter(isChartableFinding) : [];
}

/** `momentum · CRISIS`: the subject's values, in key order. */
export function subjectLabel(subject: Record<string, string>): string {
  return Object.keys(subject)
    .sort()
    .map((key) => subject[key])
    .join(' · ');
}

/** Returns, rates and shares are fractions in the data contract (0.01 = 1 %); Sharpe ratios and counts are not. */
export function unitOfMetric(metric: string): Panel['unit'] {
  return /return|rate|share|fraction|drawdown|pct/i.test(metric) && !/sharpe|sortino|ratio/i.test(metric) ? 'fraction' : 'number';
}

function qNote(f: ChartableCell): string {
  return [isFiniteNumber(f.q) ? `q=${f.q.toPrecision(2)}` : '', f.provenance ? f.provenance.toLowerCase() : ''].filter(Boolean).join(', ');
}

function effectBar(f: ChartableCell, label = subjectLabel(f.subject)): Bar {
  return { label, value: f.effect, low: f.ci[0], high: f.ci[1], n: f.n, note: qNote(f) };
}

/**
 * One panel per kind and metric: each finding's effect with its interval.
 *
 * @example
 * const panels = findingEffectPanels(findingsIn(run.diagnostics_json));
 */
export function findingEffectPanels(findings: ChartableFinding[]): Panel[] {
  const groups = new Map<string, ChartableFinding[]>();
  for (const f of findings) {
    const key = `${f.kind}\u0000${f.metric}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].map((group) => {
    const [first] = group;
    const level = isFiniteNumber(first.ci_level) ? `${Math.round(first.ci_level * 100)} %` : '';
    return {
      title: `${first.kind}: effect on ${first.metric}`,
      subtitle: level ? `effect with its ${level} interval, per cell` : 'effect with its interval, per cell',
      unit: unitOfMetric(first.metric),
      bars: group.map((f) => effectBar(f)),
    };
  });
}

/**
 * The finding's cell among its neighbours: for each subject key, the cells that differ from it in that key
 * only (a strategy's performance by regime; the strategies in that regime), each with its effect and
 * interval, the finding's own cell highlighted. Cells without an estimate (insufficient data) are left out.
 *
 * @example
 * const panels = neighbourPanels(finding, await siblingCells(db, runId, finding));
 */
export function neighbourPanels(finding: ChartableFinding, cells: unknown[]): Panel[] {
  const chartable = cells.filter(isChartableCell);
  const keys = Object.keys(finding.subject).sort();
  return keys.flatMap((varying) => {
    const fixed = keys.filter((k) => k !== varying);
    const group = chartable
      .filter((c) => fixed.every((k) => c.subject[k] === finding.subject[k]))
      .sort((a, b) => a.subject[varying].localeCompare(b.subject[varying]));
    if (group.length < 2) return [];
    const where = fixed.map((k) => finding.subject[k]).join(' · ');
    return [
      {
        title: `${finding.metric}${where ? ` of ${where}` : ''} by ${varying}`,
        subtitle: `each cell's effect with its interval; ${finding.subject[varying]} is the finding`,
        unit: unitOfMetric(finding.metric),
        bars: group.map((c) => ({
          ...effectBar(c, c.subject[varying]),
          highlight: c.subject[varying] === finding.subject[varying],
        })),
      },
    ];
  });
}

/**
 * What a finding's `value` and `baseline` measure, by kind (see src/analysis/diagnostics/): the labels of
 * the two bars. A kind not listed here is drawn with neutral labels.
 */
const COMPARISON_LABELS: Record<string, [string, string]> = {
  STRATEGY_LOSES_IN_REGIME: ['in the regime', 'elsewhere'],
  SECTOR_LOSES: ['in the sector', 'elsewhere'],
  PROFILE_BUCKET_LOSES: ['in the bucket', 'elsewhere'],
  LIVE_BELOW_BACKTEST: ['live', 'backtest'],
  OVERRIDE_RULE_DESTROYS_VALUE: ['overridden (counterfactual)', 'approved'],
  LOW_SCORE_LOSES: ['low scores', 'high scores'],
  PROMPT_TEMPLATE_ERRORS: ['this template', 'the other templates'],
  SOP_VERSION_WORSE: ['this version', 'the previous version'],
  KNOB_MATTERS: ['observed', 'with no association'],
};

/**
 * The value in the finding's cell beside the value it was compared with: live against backtest for a
 * live-below-backtest finding, overridden decisions' counterfactual against approved ones for an override
 * finding, the regime's returns against the strategy's elsewhere, and so on.
 *
 * @example
 * const panel = comparisonPanel(finding); // LIVE_BELOW_BACKTEST: bars "live" and "backtest"
 */
export function comparisonPanel(f: ChartableFinding): Panel | undefined {
  if (!isFiniteNumber(f.value) || !isFiniteNumber(f.baseline)) return undefined;
  const [cell, comparison] = COMPARISON_LABELS[f.kind] ?? ['in the cell', 'compared with'];
  return {
    title: `${subjectLabel(f.subject)}: ${cell} against ${comparison}`,
    subtitle: `${f.kind} on ${f.metric}${qNote(f) ? ` (${qNote(f)})` : ''}`,
    unit: unitOfMetric(f.metric),
    bars: [
      { label: cell, value: f.value, n: f.n, highlight: true },
      { label: comparison, value: f.baseline },
    ],
  };
}

/** One earlier run's view of a cell: when it ran and the finding it made (absent when the cell was not a finding then). */
export interface FindingOccurrence {
  runId: string;
  asOf: string;
  finding: ChartableFinding | undefined;
}

/**
 * The effect of one cell across analysis runs, oldest first; runs in which it was not a finding are left out.
 *
 * @example
 * const panel = trendPanel(occurrences);
 */
export function trendPanel(occurrences: FindingOccurrence[]): Panel | undefined {
  const seen = occurrences.filter((o): o is FindingOccurrence & { finding: ChartableFinding } => o.finding !== undefined);
  if (seen.length === 0) return undefined;
  const { finding } = seen[seen.length - 1];
  return {
    title: `${subjectLabel(finding.subject)}: ${finding.metric} effect over time`,
    subtitle: `${finding.kind} in ${seen.length} of the last ${occurrences.length} analysis runs (effect and interval per run)`,
    kind: 'series',
    unit: unitOfMetric(finding.metric),
    bars: seen.map((o) => ({ ...effectBar(o.finding, o.asOf.slice(0, 10)), note: `${o.runId}; ${qNote(o.finding)}` })),
  };
}

/** An earlier run as {@link findingHistory} returns it: its id, as-of time and the matching findings. */
export interface RunFindings {
  run_id: string;
  as_of: Date | string;
  findings: unknown[];
}

/**
 * Every panel of a proposal's evidence: the findings' effects, each finding among its neighbouring cells,
 * each finding's value against its comparison, and each finding's effect over the earlier runs.
 *
 * @example
 * const panels = proposalPanels(proposal.evidence_json, history, new Map([[finding.id, cells]]));
 */
export function proposalPanels(evidence: unknown, history: RunFindings[], neighbours: ReadonlyMap<string, unknown[]> = new Map()): Panel[] {
  const findings = findingsIn(evidence);
  const trends = findings.map((f) =>
    trendPanel(
      history.map((run) => ({
        runId: run.run_id,
        asOf: new Date(run.as_of).toISOString(),
        finding: findingsIn({ findings: run.findings }).find((x) => x.id === f.id),
      })),
    ),
  );
  const around = findings.flatMap((f) => neighbourPanels(f, neighbours.get(f.id) ?? []));
  return [...findingEffectPanels(findings), ...around, ...findings.map(comparisonPanel), ...trends].filter((p): p is Panel => p !== undefined);
}
