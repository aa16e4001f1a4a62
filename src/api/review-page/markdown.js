/**
 * Markdown for rationales, rendered as element trees (tree.js), so the text stays text: headings, lists,
 * block quotes, code blocks, paragraphs, and inline code, bold and italics. Links are shown as their text
 * followed by the address in parentheses, never as clickable links: a rationale is untrusted input.
 */
import { el } from './tree.js';

/** @typedef {import('./tree.js').TreeNode} TreeNode */

/** Underscores inside a word (STRATEGY_LOSES_IN_REGIME, rationale_status) are text, as in CommonMark. */
const INLINE =
  /(`[^`]+`)|(\*\*[^*]+\*\*|(?<![\p{L}\p{N}])__[^_]+__(?![\p{L}\p{N}]))|(\*[^*\s][^*]*\*|(?<![\p{L}\p{N}])_[^_\s][^_]*_(?![\p{L}\p{N}]))|(\[[^\]]+\]\([^)\s]+\))/gu;

/**
 * Inline markup of one line of text as nodes.
 *
 * @param {string} text
 * @returns {Array<TreeNode | string>}
 */
export function inlineNodes(text) {
  /** @type {Array<TreeNode | string>} */
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) nodes.push(text.slice(last, match.index));
    const [token, code, strong, em, link] = match;
    if (code) nodes.push(el('code', {}, token.slice(1, -1)));
    else if (strong) nodes.push(el('strong', {}, inlineNodes(token.slice(2, -2))));
    else if (em) nodes.push(el('em', {}, inlineNodes(token.slice(1, -1))));
    else if (link) {
      const [, label, href] = /** @type {RegExpExecArray} */ (/^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token));
      nodes.push(label, el('span', { class: 'muted' }, ` (${href})`));
    }
    last = match.index + token.length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

const LIST_ITEM = { ul: /^\s*[-*+]\s+(.*)$/, ol: /^\s*\d+[.)]\s+(.*)$/ };

/**
 * Block structure of a markdown text as nodes. Headings are shifted down two levels (# → h3), so a
 * rationale never outranks the page's own headings.
 *
 * @param {string | null | undefined} text
 * @returns {TreeNode[]}
 */
export function markdownNodes(text) {
  const lines = String(text ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  /** @type {TreeNode[]} */
  const blocks = [];
  /** @type {string[]} */
  let paragraph = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push(el('p', {}, inlineNodes(paragraph.join(' '))));
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*```/.test(line)) {
      endParagraph();
      /** @type {string[]} */
      const code = [];
      for (i += 1; i < lines.length && !/^\s*```/.test(lines[i]); i++) code.push(lines[i]);
      blocks.push(el('pre', {}, el('code', {}, code.join('\n'))));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      endParagraph();
      blocks.push(el(`h${Math.min(6, heading[1].length + 2)}`, {}, inlineNodes(heading[2])));
      continue;
    }
    const listTag = LIST_ITEM.ul.test(line) ? 'ul' : LIST_ITEM.ol.test(line) ? 'ol' : undefined;
    if (listTag) {
      endParagraph();
      /** @type {TreeNode[]} */
      const items = [];
      for (; i < lines.length && LIST_ITEM[listTag].test(lines[i]); i++)
        items.push(el('li', {}, inlineNodes(/** @type {RegExpExecArray} */ (LIST_ITEM[listTag].exec(lines[i]))[1])));
      i -= 1;
      blocks.push(el(listTag, {}, items));
      continue;
    }
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (quote) {
      endParagraph();
      blocks.push(el('blockquote', {}, inlineNodes(quote[1])));
      continue;
    }
    if (line.trim() === '') endParagraph();
    else paragraph.push(line.trim());
  }
  endParagraph();
  return blocks;
}
