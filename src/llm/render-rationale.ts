/**
 * rationale_text as a reviewer reads it: a grounded model rationale as markdown, or the template with a
 * note saying why no model text is shown. Model output is untrusted too: control characters are removed
 * and metric names go into code spans.
 */
import { formatNumber } from '../proposals/rationale.js';
import { cleanUntrustedText } from '../proposals/untrusted-text.js';
import type { Rationale } from './rationale-schema.js';

/**
 * Markdown for a grounded rationale, ending with the model and prompt version that wrote it.
 *
 * @example
 * renderModelRationale(rationale, { model: 'gpt-4o-mini', promptVersion: 'rationale-v1' })
 * // '**Summary.** Raise entry_threshold …'
 */
export function renderModelRationale(rationale: Rationale, by: { model: string; promptVersion: string }): string {
  const metrics = rationale.cited_metrics.map(({ name, value }) => `| \`${cleanUntrustedText(name, 200).replace(/[`|]/g, "'")}\` | ${formatNumber(value)} |`);
  return [
    `**Summary.** ${cleanProse(rationale.summary)}`,
    `**Why.** ${cleanProse(rationale.reasoning)}`,
    `**Expected impact.** ${cleanProse(rationale.expected_impact)}`,
    ['**Risks**', ...(rationale.risks.length > 0 ? rationale.risks : ['none stated']).map((risk) => `- ${cleanProse(risk)}`)].join('\n'),
    metrics.length > 0 ? ['**Metrics cited**', '', '| metric | value |', '|---|---|', ...metrics].join('\n') : '',
    `_Written by ${cleanUntrustedText(by.model, 100)} (prompt ${by.promptVersion}); every number was checked against the evidence._`,
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

/**
 * The template followed by a note on why it stands in for a model's text.
 *
 * @example
 * withNote(template, 'no language model is configured')
 */
export function withNote(template: string, why: string): string {
  return `${template}\n\n---\n_Template used because ${cleanUntrustedText(why, 600)}._`;
}

/** Model prose: control characters removed, paragraphs kept as single lines. */
function cleanProse(text: string): string {
  return cleanUntrustedText(text, 4000);
}
