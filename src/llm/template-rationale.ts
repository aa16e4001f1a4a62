/**
 * The deterministic rationale: markdown written from the proposal's own columns, with no model involved.
 * It is the rationale whenever no model is configured or the model's answer cannot be used, and it is
 * stored beside every model-written one. Its numbers are the evidence's numbers (rounded to 4 significant
 * digits); text from the trading system's tables is cleaned, capped and shown in code spans.
 */
import { type ConfigChange, configChanges } from './config-changes.js';
import { isJsonObject, jsonLeaves } from './json-path.js';
import type { PromptSource } from './prompt.js';
import { cleanUntrustedText } from './untrusted-data.js';

/** The first line of every template rationale: it says what wrote it. */
export const TEMPLATE_MARKER = '_Template rationale, written from the evidence by deterministic code._';

const MAX_FINDINGS = 8;
const MAX_LEAVES = 10;

/**
 * Markdown explaining a proposal from its evidence: what changes, why (each finding with n, effect,
 * interval, p and q), the confidence and its components, the expected impact and the risks.
 *
 * @example
 * const text = buildTemplateRationale(row);
 * text.startsWith(TEMPLATE_MARKER) // true
 */
export function buildTemplateRationale(row: PromptSource): string {
  const changes = configChanges(row.current_config_snapshot_json, row.proposed_config_json);
  const findings = findingsOf(row.evidence_json);
  const sections = [
    TEMPLATE_MARKER,
    `**Proposed change** to ${row.target_type} ${code(row.target_id)} (${code(row.kind)}).`,
    section('What changes', changes.length > 0 ? changes.map(describeChange) : ['No value differs from the live config.']),
    section('Why', findings.length > 0 ? findings.slice(0, MAX_FINDINGS).map(describeFinding) : leafLines(row.evidence_json)),
    section(`Confidence ${formatNumber(row.confidence)}`, leafLines(row.confidence_json)),
    section('Expected impact', leafLines(row.expected_impact_json)),
    section('Risks', risksOf(row, findings)),
  ];
  return sections.join('\n\n');
}

/**
 * A number rounded to 4 significant digits, without exponent noise.
 *
 * @example
 * formatNumber(-0.0123456) // '-0.01235'
 */
export function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
}

function section(title: string, lines: string[]): string {
  return [`**${title}**`, ...(lines.length > 0 ? lines : ['none recorded']).map((line) => `- ${line}`)].join('\n');
}

function describeChange(change: ConfigChange): string {
  return `${code(change.path)}: ${describeValue(change.from)} → ${describeValue(change.to)} (${change.direction})`;
}

function describeFinding(finding: Record<string, unknown>): string {
  const subject = isJsonObject(finding.subject)
    ? Object.entries(finding.subject).map(([key, value]) => `${code(key)} ${code(value)}`).join(', ')
    : '';
  const level = typeof finding.ci_level === 'number' ? `${formatNumber(finding.ci_level * 100)}% ` : '';
  const [low, high] = Array.isArray(finding.ci) ? finding.ci : [];
  const statistics = [
    typeof finding.effect === 'number' ? `${code(finding.metric ?? 'effect')} effect ${formatNumber(finding.effect)}` : '',
    typeof low === 'number' && typeof high === 'number' ? `${level}CI ${formatNumber(low)} to ${formatNumber(high)}` : '',
    ...(['n', 'p', 'q'] as const).map((key) => (typeof finding[key] === 'number' ? `${key} = ${formatNumber(finding[key])}` : '')),
  ].filter((part) => part !== '');
  const regimes = Array.isArray(finding.regimes_covered) ? finding.regimes_covered.map(code).join(', ') : '';
  const origin = [
    typeof finding.provenance === 'string' ? `${cleanUntrustedText(finding.provenance, 20).toLowerCase()} data` : '',
    finding.observational === true ? 'observational' : '',
    regimes ? `regimes ${regimes}` : '',
  ].filter((part) => part !== '');
  const head = `${code(finding.kind ?? 'finding')}${subject ? ` for ${subject}` : ''}`;
  return [`${head}: ${statistics.join(', ')}`, origin.join(', ')].filter((part) => part.trim() !== '').join('; ');
}

function risksOf(row: PromptSource, findings: Record<string, unknown>[]): string[] {
  const risks: string[] = [];
  if (findings.some((finding) => finding.observational === true)) {
    risks.push('Part of the evidence is observational (live history, not randomised): other causes may explain it.');
  }
  for (const finding of findings) {
    if (Array.isArray(finding.regimes_covered) && finding.regimes_covered.length === 1) {
      risks.push(`${code(finding.kind ?? 'A finding')} rests on a single regime, ${code(finding.regimes_covered[0])}.`);
    }
  }
  const quality = isJsonObject(row.evidence_json) && isJsonObject(row.evidence_json.data_quality) ? row.evidence_json.data_quality : undefined;
  if (quality && typeof quality.score === 'number' && quality.score < 1) {
    const notes = Array.isArray(quality.notes) ? quality.notes.slice(0, 3).map(code).join(', ') : '';
    risks.push(`Data quality score ${formatNumber(quality.score)}${notes ? `: ${notes}` : ''}.`);
  }
  risks.push(...leafLines(row.guardrails_json).map((line) => `Guardrail ${line}`));
  return risks.length > 0 ? risks : ['No specific risk is flagged by the evidence.'];
}

function findingsOf(evidence: unknown): Record<string, unknown>[] {
  return isJsonObject(evidence) && Array.isArray(evidence.findings) ? evidence.findings.filter(isJsonObject) : [];
}

/** The first scalars of a JSON value as `path: value` lines. */
function leafLines(value: unknown): string[] {
  return jsonLeaves(value)
    .slice(0, MAX_LEAVES)
    .map(({ path, value: leaf }) => `${code(path)}: ${describeValue(leaf)}`);
}

function describeValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean' || value === null || value === undefined) return String(value ?? 'none');
  return code(typeof value === 'string' ? value : JSON.stringify(value));
}

/** Untrusted text as an inline code span: cleaned, capped, with no backtick to break out of it. */
function code(value: unknown): string {
  return `\`${cleanUntrustedText(String(value), 120).replace(/`/g, "'")}\``;
}
