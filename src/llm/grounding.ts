/**
 * The grounding check: a model-written rationale is used only if every number it cites or writes is a
 * number the model was shown, and the direction it states is the direction of the proposed change.
 * Pure and deterministic: the same rationale and data always give the same verdict.
 *
 * Rules:
 * 1. Each cited metric's name is the path of a number in the data block (`evidence.findings[0].effect`), or a
 *    tail of one (`findings[0].effect`, `effect`); its value must match that number, sign included, within
 *    the tolerance of {@link matchesValue} (rounding as written, or 0.5 % relative). Cited values are in the
 *    data's own units: a fraction is cited as a fraction.
 * 2. Each number written in the prose (summary, reasoning, expected impact, risks) must match some number of
 *    the data block, its sign aside, as written or as a percentage of a fraction (`1.23%` for 0.0123). Digits
 *    inside identifiers (`s1`, `tmpl-v3`, and ids shown in the data such as `cv-7-3`), dates, and zero are not
 *    claims.
 * 3. The stated direction must be the direction of one of the config changes (derived from the configs,
 *    not from the model); and a sentence that names a changed numeric setting must not speak only of moving
 *    it the other way ("lowering entry_threshold" for an increase).
 */
import type { Direction } from '../proposals/change-direction.js';
import { type ConfigChange, allowedDirections } from './config-changes.js';
import { isJsonObject, itemPath, jsonLeaves, propertyPath } from './json-path.js';
import { matchesValue, numbersInText, writtenNumberOf } from './number-match.js';
import type { PromptData } from './prompt.js';
import type { Rationale } from './rationale-schema.js';

/** What a rationale is checked against, derived from the data block the model was shown. */
export interface GroundingContext {
  /** Every number of the data block by path, plus each list's `.length`. */
  facts: Map<string, number>;
  /**
   * Identifiers of the data block that mix letters and digits in one token (`mom-eu-01`, `cv-7-3`): their
   * digits are not numbers when they appear in prose. Text with spaces and bare numbers never qualify, so a
   * planted "1e9" or a sentence quoting one cannot ground a number.
   */
  labels: string[];
  changes: ConfigChange[];
  allowed: Set<Direction>;
}

export interface GroundingResult {
  grounded: boolean;
  /** One line per violation, naming the metric, number or direction. */
  problems: string[];
}

const INCREASE_WORDS = /\b(increas\w*|rais(?:e|es|ed|ing)|lift(?:s|ed|ing)?)\b/i;
const DECREASE_WORDS = /\b(decreas\w*|reduc\w*|lower(?:s|ed|ing))\b/i;
const DATES = /\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?/g;

/**
 * Every number of a JSON value by its path, and the length of every list (`findings.length`), so that
 * counts such as "2 regimes" are grounded too.
 *
 * @example
 * numericFacts({ findings: [{ n: 412 }] }) // Map { 'findings.length' => 1, 'findings[0].n' => 412 }
 */
export function numericFacts(value: unknown): Map<string, number> {
  const facts = new Map<string, number>();
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      facts.set(propertyPath(path, 'length'), node.length);
      node.forEach((item, i) => visit(item, itemPath(path, i)));
    } else if (isJsonObject(node)) {
      for (const [key, item] of Object.entries(node)) visit(item, propertyPath(path, key));
    } else if (typeof node === 'number') {
      facts.set(path, node);
    }
  };
  visit(value, '');
  return facts;
}

/**
 * The grounding context of a data block.
 *
 * @example
 * const context = groundingContext(buildPromptData(row));
 * context.facts.get('proposal.confidence') // 0.72
 */
export function groundingContext(data: PromptData): GroundingContext {
  const changes = data.proposal.changes as ConfigChange[];
  const labels = jsonLeaves(data).flatMap(({ value }) => (typeof value === 'string' && isIdentifier(value) ? [value] : []));
  return {
    facts: numericFacts(data),
    labels: [...new Set(labels)].sort((a, b) => b.length - a.length),
    changes,
    allowed: allowedDirections(data.proposal.target_type, changes),
  };
}

/**
 * Checks a parsed rationale against its context; see the module's rules.
 *
 * @example
 * const verdict = checkGrounding(rationale, groundingContext(data));
 * if (!verdict.grounded) console.log(verdict.problems.join('; '));
 */
export function checkGrounding(rationale: Rationale, context: GroundingContext): GroundingResult {
  const problems = [...citedMetricProblems(rationale, context), ...proseNumberProblems(rationale, context), ...directionProblems(rationale, context)];
  return { grounded: problems.length === 0, problems };
}

function citedMetricProblems(rationale: Rationale, context: GroundingContext): string[] {
  return rationale.cited_metrics.flatMap(({ name, value }) => {
    const candidates = [...context.facts].filter(([path]) => path === name || path.endsWith(`.${name}`));
    if (candidates.length === 0) return [`cites ${name}, which is not a number in the evidence`];
    const written = writtenNumberOf(value);
    if (candidates.some(([, actual]) => matchesValue(written, actual, { ignoreSign: false }))) return [];
    return [
      `cites ${name} = ${value}, but the evidence has ${candidates
        .map(([, actual]) => actual)
        .slice(0, 3)
        .join(' or ')}`,
    ];
  });
}

function proseNumberProblems(rationale: Rationale, context: GroundingContext): string[] {
  const known = [...context.facts.values()];
  const unmatched = numbersInText(stripLabels(proseOf(rationale), context.labels)).filter(
    (written) => written.value !== 0 && !known.some((actual) => matchesValue(written, actual, { ignoreSign: true })),
  );
  return [...new Set(unmatched.map((written) => written.text))].map((text) => `states ${text}, which matches no number in the evidence`);
}

function directionProblems(rationale: Rationale, context: GroundingContext): string[] {
  const stated =
    context.allowed.size === 0 || context.allowed.has(rationale.direction)
      ? []
      : [`states direction "${rationale.direction}", but the change is ${[...context.allowed].join(' / ')}`];
  const sentences = proseOf(rationale).split(/(?<=[.!?;])\s+|\n+/);
  const contradicted = context.changes.flatMap((change) => {
    if (change.direction !== 'increase' && change.direction !== 'decrease') return [];
    const [said, opposite] = change.direction === 'increase' ? [INCREASE_WORDS, DECREASE_WORDS] : [DECREASE_WORDS, INCREASE_WORDS];
    const setting = settingPattern(change.path);
    const wrong = sentences.some((sentence) => setting.test(sentence) && opposite.test(sentence) && !said.test(sentence));
    return wrong ? [`speaks of moving ${change.path} the wrong way (the proposal ${change.direction}s it)`] : [];
  });
  return [...stated, ...contradicted];
}

/** All prose of a rationale, one field per line. */
function proseOf(rationale: Rationale): string {
  return [rationale.summary, rationale.reasoning, rationale.expected_impact, ...rationale.risks].join('\n');
}

function isIdentifier(text: string): boolean {
  return /^\S+$/.test(text) && /\p{L}/u.test(text) && /\d/.test(text);
}

function stripLabels(text: string, labels: string[]): string {
  return labels.reduce((rest, label) => rest.split(label).join(' '), text).replace(DATES, ' ');
}

/** The last name of a config path, matched with `_` or a space between its words: `entry threshold`. */
function settingPattern(path: string): RegExp {
  const name =
    path
      .replace(/\[[^\]]*\]/g, '')
      .split('.')
      .pop() ?? path;
  const words = name.split('_').map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`\\b${words.join('[_ ]')}\\b`, 'i');
}
