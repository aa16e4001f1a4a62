/**
 * The deterministic rationale of a proposal: readable markdown built only from the numbers the
 * proposal carries. Stored with every proposal; the LLM rationale falls back to it.
 */
import type { ConfidenceBreakdown } from './confidence.js';
import type { DiffEntry } from './diff.js';
import type { Evidence, EvidenceFinding } from './evidence.js';
import type { ExpectedImpact } from './expected-impact.js';
import type { GuardrailReport } from './guardrails.js';
import type { ConfigSnapshot } from './live-configs.js';

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

/** A number in a short, unit-free form (4 significant digits). */
function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Number(x.toPrecision(4)).toString();
}

function json(value: unknown): string {
  return `\`${JSON.stringify(value)}\``;
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

function diffLine(d: DiffEntry): string {
  if (d.added || d.removed) {
    const parts = [d.added?.length ? `adds ${d.added.map(String).join(', ')}` : '', d.removed?.length ? `removes ${d.removed.map(String).join(', ')}` : ''].filter(Boolean);
    return `- \`${d.path}\`: ${parts.join('; ')}`;
  }
  if (d.op === 'add') return `- \`${d.path}\`: set to ${json(d.to)}`;
  if (d.op === 'remove') return `- \`${d.path}\`: removed (was ${json(d.from)})`;
  return `- \`${d.path}\`: ${json(d.from)} → ${json(d.to)}`;
}

function findingLine(f: EvidenceFinding): string {
  const subject = Object.entries(f.subject).map(([k, v]) => `${k}=${v}`).join(', ');
  const ci = `${Math.round(f.ci_level * 100)} % CI [${num(f.ci[0])}, ${num(f.ci[1])}]`;
  const regimes = f.regimes_covered.length > 0 ? f.regimes_covered.join(', ') : 'unknown';
  return (
    `- **${f.kind}** (${subject}): ${f.metric} ${num(f.value)} against ${num(f.baseline)}, effect ${num(f.effect)} (${ci}), ` +
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
  const base = input.snapshot.config_version_id ? `version ${input.snapshot.version_no} (\`${input.snapshot.config_version_id}\`)` : 'no version yet';
  const dq = input.evidence.data_quality;
  const lines = [
    `## ${capitalised(input.summary)}`,
    '',
    `${input.target_type} \`${input.target_id}\`, live ${base}; kind ${input.kind}; confidence **${c.value.toFixed(2)}**.`,
    '',
    '### Change',
    ...input.diff.map(diffLine),
    '',
    '### Evidence',
    ...input.evidence.findings.map(findingLine),
    `- Run: ${input.evidence.tests} hypotheses tested, FDR level ${input.evidence.fdr_level ?? 'n/a'}${dq ? `; data quality ${num(dq.score)} over ${dq.trades} trades and ${dq.decisions} decisions` : ''}.`,
    '',
    '### Expected impact',
    `${capitalised(input.impact.description)}. ${measured(input.impact)}`,
    '',
    `### Confidence ${c.value.toFixed(2)}`,
    ...Object.entries(c.components).map(([name, part]) => `- ${name} ${part.value.toFixed(3)}: ${part.detail}`),
    ...c.caps.map((cap) => `- capped at ${cap.limit}: ${cap.reason}`),
    '',
    '### Guardrails',
    ...input.guardrails.checks.map((g) => `- ${g.name}: ${g.pass ? 'pass' : 'FAIL'}, ${g.detail}`),
    '',
    input.auto_applicable
      ? 'Eligible for auto-apply when the review window ends without a decision (the policy also checks the track record and past reverts).'
      : 'Needs a person: not eligible for auto-apply.',
    input.snapshot.config_version_id
      ? `Revert restores ${base} as a new version.`
      : 'Applying records the experiment as the first version of this target.',
  ];
  return lines.join('\n');
}
