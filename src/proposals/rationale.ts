/**
 * The deterministic rationale of a proposal: readable markdown built only from the numbers the
 * proposal carries. Stored with every proposal; it is shown whenever no model is configured or the
 * model's answer cannot be used. Text from the trading system's tables (ids, labels, config keys and
 * values) is cleaned and capped, and shown in code spans it cannot break out of.
 */
import type { ConfidenceBreakdown } from './confidence.js';
import type { DiffEntry } from './diff.js';
import type { Evidence, EvidenceFinding, ImpactEstimate } from './evidence.js';
import type { ExpectedImpact } from './expected-impact.js';
import type { GuardrailReport } from './guardrails.js';
import { describeImpactEstimate } from './impact-estimate.js';
import type { ConfigSnapshot } from './live-configs.js';
import { cleanUntrustedText, codeSpan } from './untrusted-text.js';

/** The first line of every deterministic rationale: it says what wrote it. */
export const DETERMINISTIC_RATIONALE_MARKER = '_Template rationale, written from the evidence by deterministic code._';

export interface RationaleInput {
  summary: string;
  kind: string;
  target_type: string;
  target_id: string;
  snapshot: ConfigSnapshot;
  diff: DiffEntry[];
  evidence: Evidence;
  impact: ExpectedImpact;
  confidence: ConfidenceBreakdown;
  guardrails: GuardrailReport;
  auto_applicable: boolean;
}

/**
 * A number in a short, unit-free form: 4 significant digits, without exponent noise.
 *
 * @example
 * formatNumber(-0.0123456) // '-0.01235'
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Number(x.toPrecision(4)).toString();
}

const num = formatNumber;

/** A config value from the config DB, as JSON in a code span. */
function json(value: unknown): string {
  return codeSpan(JSON.stringify(value) ?? 'undefined', 200);
}

/** Prose that carries ids or labels from the trading system's tables: cleaned and capped, on one line. */
function plain(text: string): string {
  return cleanUntrustedText(text, 600);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function measured(impact: ExpectedImpact): string {
  if (impact.metric === 'none' || impact.direction === 'none') return 'Nothing live to measure.';
  const from = impact.baseline !== null ? ` from ${num(impact.baseline)}` : '';
  const towards = impact.expected !== null ? ` towards ${num(impact.expected)}` : '';
  return `Verified after ${impact.evaluation_period}: ${impact.metric} should ${impact.direction}${from}${towards}.`;
}

function estimateLines(estimate: ImpactEstimate | null | undefined): string[] {
  if (!estimate) return [];
  return ['', ...describeImpactEstimate(estimate).map((line) => `- Expected ${plain(line)}`), ...estimate.basis.map((line) => `- Basis: ${plain(line)}`)];
}

function diffLine(d: DiffEntry): string {
  if (d.added || d.removed) {
    const items = (list: unknown[]) => list.map((item) => codeSpan(String(item))).join(', ');
    const parts = [d.added?.length ? `adds ${items(d.added)}` : '', d.removed?.length ? `removes ${items(d.removed)}` : ''].filter(Boolean);
    return `- ${codeSpan(d.path)}: ${parts.join('; ')}`;
  }
  if (d.op === 'add') return `- ${codeSpan(d.path)}: set to ${json(d.to)}`;
  if (d.op === 'remove') return `- ${codeSpan(d.path)}: removed (was ${json(d.from)})`;
  return `- ${codeSpan(d.path)}: ${json(d.from)} → ${json(d.to)}`;
}

function findingLine(f: EvidenceFinding): string {
  const subject = Object.entries(f.subject)
    .map(([k, v]) => codeSpan(`${k}=${v}`))
    .join(', ');
  const ci = `${Math.round(f.ci_level * 100)} % CI [${num(f.ci[0])}, ${num(f.ci[1])}]`;
  const regimes = f.regimes_covered.length > 0 ? f.regimes_covered.map((regime) => codeSpan(regime)).join(', ') : 'unknown';
  return (
    `- **${plain(f.kind)}** (${subject}): ${plain(f.metric)} ${num(f.value)} against ${num(f.baseline)}, effect ${num(f.effect)} (${ci}), ` +
    `n=${f.n}, p=${num(f.p)}, q=${num(f.q)}; regimes: ${regimes}; ${f.provenance.toLowerCase()}${f.observational ? ', observational' : ''}.`
  );
}

/**
 * The markdown rationale of a proposal.
 *
 * @example
 * const text = deterministicRationale({ summary: 'block regime CRISIS for strategy momentum', ... });
 */
export function deterministicRationale(input: RationaleInput): string {
  const c = input.confidence;
  const base = input.snapshot.config_version_id ? `version ${input.snapshot.version_no} (${codeSpan(input.snapshot.config_version_id)})` : 'no version yet';
  const dq = input.evidence.data_quality;
  const lines = [
    DETERMINISTIC_RATIONALE_MARKER,
    '',
    `## ${capitalised(plain(input.summary))}`,
    '',
    `${input.target_type} ${codeSpan(input.target_id)}, live ${base}; kind ${plain(input.kind)}; confidence **${c.value.toFixed(2)}**.`,
    '',
    '### Change',
    ...input.diff.map(diffLine),
    '',
    '### Evidence',
    ...input.evidence.findings.map(findingLine),
    `- Run: ${input.evidence.tests} hypotheses tested, FDR level ${input.evidence.fdr_level ?? 'n/a'}${dq ? `; data quality ${num(dq.score)} over ${dq.trades} trades and ${dq.decisions} decisions` : ''}.`,
    '',
    '### Expected impact',
    `${capitalised(plain(input.impact.description))}. ${measured(input.impact)}`,
    ...estimateLines(input.evidence.impact_estimate),
    '',
    `### Confidence ${c.value.toFixed(2)}`,
    ...Object.entries(c.components).map(([name, part]) => `- ${name} ${part.value.toFixed(3)}: ${plain(part.detail)}`),
    ...c.not_measured.map((what) => `- not measured, left out: ${plain(what)}`),
    '',
    '### Guardrails',
    ...input.guardrails.checks.map((g) => `- ${g.name}: ${g.pass ? 'pass' : 'FAIL'}, ${plain(g.detail)}`),
    '',
    input.auto_applicable
      ? 'Eligible for auto-apply when the review window ends without a decision (the policy also checks the track record and past reverts).'
      : 'Needs a person: not eligible for auto-apply.',
    input.snapshot.config_version_id ? `Revert restores ${base} as a new version.` : 'Applying records the experiment as the first version of this target.',
  ];
  return lines.join('\n');
}
