/**
 * The report of one analysis run: a self-contained HTML page (inline CSS and SVG, no script, nothing
 * fetched) with the run's window and timing, its data quality, its findings as charts and a table, and the
 * proposals it made. Served at GET /analysis-runs/:id/report and written by `kronos report`.
 */
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { type AnalysisRunDetail, getAnalysisRunDetail, listRunProposals, type RunProposal, siblingCells } from '../db/read-model.js';
import type { Database } from '../db/schema.js';
import { comparisonPanel, findingEffectPanels, findingsIn, neighbourPanels, subjectLabel, unitOfMetric } from './evidence-panels.js';
import { formatValue, panelFigure } from './review-page/charts.js';
import { el, type TreeNode, toMarkup } from './review-page/tree.js';

export interface RunReportData {
  run: AnalysisRunDetail;
  proposals: RunProposal[];
  /** finding id → the cells around it in the run's diagnostics (see siblingCells). */
  neighbours: ReadonlyMap<string, unknown[]>;
}

/**
 * The run and its proposals, or undefined when there is no such run.
 *
 * @example
 * const data = await loadRunReportData(db, 'kronos-analysis-2026-01-05T06-00-00-000Z');
 */
export async function loadRunReportData(db: Kysely<Database>, runId: string): Promise<RunReportData | undefined> {
  const run = await getAnalysisRunDetail(db, runId);
  if (!run) return undefined;
  const proposals = await listRunProposals(db, runId);
  const neighbours = await Promise.all(findingsIn(run.diagnostics_json).map(async (f) => [f.id, await siblingCells(db, runId, f)] as const));
  return { run, proposals, neighbours: new Map(neighbours) };
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1d2330;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #dde2ea;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eef1f5;vertical-align:top}
th{font-weight:600;background:#f6f8fb}td.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#5d6675}.status{font-weight:600}
`;

/** The charts' stylesheet, shared with the review page. */
const CHART_STYLE = readFileSync(new URL('./review-page/charts.css', import.meta.url), 'utf8');

/** A table's header row. */
function tableHead(headers: string[]): TreeNode {
  return el(
    'thead',
    {},
    el(
      'tr',
      {},
      headers.map((h) => el('th', {}, h)),
    ),
  );
}

function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return value === null || value === undefined ? '–' : String(value);
}

function durationOf(run: AnalysisRunDetail): string {
  if (!run.finished_at) return 'still running';
  const seconds = (new Date(run.finished_at).getTime() - new Date(run.started_at).getTime()) / 1000;
  return seconds < 120 ? `${seconds.toFixed(1)} s` : `${(seconds / 60).toFixed(1)} min`;
}

function cellText(value: unknown): string {
  if (typeof value === 'number') return formatValue(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A two-column table of an object's entries (nested values as JSON text). */
function keyValueTable(json: unknown): TreeNode {
  const entries = json && typeof json === 'object' && !Array.isArray(json) ? Object.entries(json) : [];
  if (entries.length === 0) return el('p', { class: 'muted' }, 'none recorded');
  return el(
    'table',
    {},
    el(
      'tbody',
      {},
      entries.map(([key, value]) => el('tr', {}, el('th', {}, key), el('td', {}, cellText(value)))),
    ),
  );
}

/** How many cells each diagnostics section holds, and how many were tested, insufficient or findings. */
function sectionsTable(data: RunReportData): TreeNode {
  const result = data.run.diagnostics_json as { diagnostics?: unknown; findings?: unknown } | null;
  const sections = result && typeof result.diagnostics === 'object' && result.diagnostics !== null ? Object.entries(result.diagnostics) : [];
  if (sections.length === 0) return el('p', { class: 'muted' }, 'No diagnostics stored.');
  const findingIds = new Set(findingsIn(result).map((f) => f.id));
  const count = (cells: unknown[], test: (cell: Record<string, unknown>) => boolean) =>
    cells.filter((c) => typeof c === 'object' && c !== null && test(c as Record<string, unknown>)).length;
  return el(
    'table',
    {},
    tableHead(['section', 'cells', 'tested', 'insufficient', 'findings']),
    el(
      'tbody',
      {},
      sections.map(([name, value]) => {
        const cells = Array.isArray(value) ? value : [];
        return el(
          'tr',
          {},
          el('td', {}, name),
          [
            cells.length,
            count(cells, (c) => c.status === 'tested'),
            count(cells, (c) => c.status === 'insufficient'),
            count(cells, (c) => findingIds.has(String(c.id))),
          ].map((n) => el('td', { class: 'num' }, String(n))),
        );
      }),
    ),
  );
}

function findingsTable(data: RunReportData): TreeNode {
  const findings = findingsIn(data.run.diagnostics_json);
  if (findings.length === 0) return el('p', { class: 'muted' }, 'No finding passed its test after multiple-testing control.');
  return el(
    'table',
    {},
    tableHead(['kind', 'cell', 'metric', 'n', 'effect', 'interval', 'q']),
    el(
      'tbody',
      {},
      findings.map((f) => {
        const unit = unitOfMetric(f.metric);
        return el(
          'tr',
          {},
          el('td', {}, f.kind),
          el('td', {}, subjectLabel(f.subject)),
          el('td', {}, f.metric),
          el('td', { class: 'num' }, String(f.n)),
          el('td', { class: 'num' }, formatValue(f.effect, unit)),
          el('td', { class: 'num' }, `[${formatValue(f.ci[0], unit)}, ${formatValue(f.ci[1], unit)}]`),
          el('td', { class: 'num' }, f.q === undefined ? '–' : f.q.toPrecision(2)),
        );
      }),
    ),
  );
}

function proposalsSection(data: RunReportData): TreeNode[] {
  if (data.proposals.length === 0) return [el('p', { class: 'muted' }, 'This run made no proposal.')];
  return [
    panelFigure({
      title: 'Confidence of each proposal',
      subtitle: 'in [0, 1]; an auto-applicable proposal is marked ✓',
      bars: data.proposals.map((p) => ({ label: `${p.target_id} ${p.kind}${p.auto_applicable ? ' ✓' : ''}`, value: p.confidence })),
    }),
    el(
      'table',
      {},
      tableHead(['proposal', 'target', 'kind', 'status', 'confidence']),
      el(
        'tbody',
        {},
        data.proposals.map((p) =>
          el(
            'tr',
            {},
            el('td', {}, p.proposal_id),
            el('td', {}, `${p.target_type} ${p.target_id}`),
            el('td', {}, p.kind),
            el('td', { class: 'status' }, p.status),
            el('td', { class: 'num' }, p.confidence.toFixed(2)),
          ),
        ),
      ),
    ),
  ];
}

/**
 * The report as one HTML document; every value from the database is escaped.
 *
 * @example
 * const html = renderRunReport(await loadRunReportData(db, runId));
 * await writeFile('report.html', html);
 */
export function renderRunReport(data: RunReportData): string {
  const { run } = data;
  const findings = findingsIn(run.diagnostics_json);
  const body = el(
    'body',
    {},
    el('h1', {}, `Analysis run ${run.run_id}`),
    el(
      'p',
      {},
      el('span', { class: 'status' }, run.status),
      ` — window ${iso(run.window_start)} to ${iso(run.window_end)} (as of ${iso(run.as_of)}), trigger ${run.trigger}, `,
      `started ${iso(run.started_at)}, ${durationOf(run)}`,
    ),
    run.error ? el('p', { class: 'status' }, `error: ${run.error}`) : null,
    el('h2', {}, 'Summary'),
    keyValueTable(run.summary_json),
    el('h2', {}, 'Data quality'),
    keyValueTable(run.data_quality_json),
    el('h2', {}, 'Diagnostics'),
    sectionsTable(data),
    el('h2', {}, `Findings (${findings.length})`),
    findingEffectPanels(findings).map(panelFigure),
    findingsTable(data),
    findings.map((f) => [
      el('h3', {}, `${f.kind}: ${subjectLabel(f.subject)}`),
      neighbourPanels(f, data.neighbours.get(f.id) ?? []).map(panelFigure),
      [comparisonPanel(f)].flatMap((panel) => (panel ? [panelFigure(panel)] : [])),
    ]),
    el('h2', {}, `Proposals (${data.proposals.length})`),
    proposalsSection(data),
    el('p', { class: 'muted' }, `Generated ${new Date().toISOString()} by Kronos.`),
  );
  const head = el('head', {}, el('meta', { charset: 'utf-8' }), el('title', {}, `Kronos analysis run ${run.run_id}`), el('style', {}, STYLE, CHART_STYLE));
  return `<!doctype html>\n${toMarkup(el('html', { lang: 'en' }, head, body))}\n`;
}
