/**
 * A tiny element tree for the review page and the run report: `el()` describes elements; `toDom()` builds
 * them in a browser and `toMarkup()` writes them as HTML for a file. Text is always text: it is set with
 * textContent or escaped, never parsed as HTML, so untrusted strings (rationales, config values, ids)
 * cannot become markup. Attributes named on* are refused unless their value is a function (a DOM listener).
 */

/** @typedef {{tag: string, attrs: Record<string, unknown>, children: Array<TreeNode | string>}} TreeNode */

const SVG_NS = 'http://www.w3.org/2000/svg';
const VOID_TAGS = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'col', 'wbr']);

/**
 * Describes an element: `el('p', { class: 'note' }, 'text', el('b', {}, 'bold'))`.
 * Children may be strings, numbers, nodes, arrays of them, or null/undefined/false (skipped).
 *
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...unknown} children
 * @returns {TreeNode}
 */
export function el(tag, attrs = {}, ...children) {
  return { tag, attrs, children: flatten(children) };
}

/**
 * @param {unknown[]} children
 * @returns {Array<TreeNode | string>}
 */
function flatten(children) {
  /** @type {Array<TreeNode | string>} */
  const out = [];
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) out.push(...flatten(child));
    else if (typeof child === 'object') out.push(/** @type {TreeNode} */ (child));
    else out.push(String(child));
  }
  return out;
}

/** @param {string} name */
function isHandlerName(name) {
  return /^on/i.test(name);
}

/**
 * Builds real DOM nodes (elements inside <svg> in the SVG namespace): an element for a node (HTMLElement
 * unless the caller names another, e.g. HTMLButtonElement), text for a string.
 *
 * @template {Element} [T=HTMLElement]
 * @overload
 * @param {TreeNode} node
 * @param {Document} [doc]
 * @param {boolean} [inSvg]
 * @returns {T}
 */
/**
 * @overload
 * @param {string} node
 * @param {Document} [doc]
 * @param {boolean} [inSvg]
 * @returns {Text}
 */
/**
 * @overload
 * @param {TreeNode | string} node
 * @param {Document} [doc]
 * @param {boolean} [inSvg]
 * @returns {Node}
 */
/**
 * @param {TreeNode | string} node
 * @param {Document} [doc]
 * @param {boolean} [inSvg]
 * @returns {Node}
 */
export function toDom(node, doc = document, inSvg = false) {
  if (typeof node === 'string') return doc.createTextNode(node);
  const svg = inSvg || node.tag === 'svg';
  const element = svg ? doc.createElementNS(SVG_NS, node.tag) : doc.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') {
      if (isHandlerName(name)) element.addEventListener(name.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
      continue;
    }
    if (isHandlerName(name)) continue;
    // inputs, textareas, selects and options: the property, which is what a form control shows
    if (name === 'value' && 'value' in element) /** @type {HTMLInputElement} */ (element).value = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of node.children) element.appendChild(toDom(child, doc, svg));
  return element;
}

/** @type {Record<string, string>} */
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @param {unknown} text
 * @returns {string}
 */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * Writes a node as HTML/SVG markup, escaping every text and attribute value.
 *
 * @param {TreeNode | string} node
 * @returns {string}
 */
export function toMarkup(node) {
  if (typeof node === 'string') return escapeHtml(node);
  if (!/^[a-zA-Z][a-zA-Z0-9-]*$/.test(node.tag)) throw new Error(`invalid tag name ${node.tag}`);
  let attrs = '';
  for (const [name, value] of Object.entries(node.attrs)) {
    if (value === undefined || value === null || value === false || typeof value === 'function' || isHandlerName(name)) continue;
    if (!/^[a-zA-Z_:][a-zA-Z0-9_.:-]*$/.test(name)) throw new Error(`invalid attribute name ${name}`);
    attrs += value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`;
  }
  if (VOID_TAGS.has(node.tag)) return `<${node.tag}${attrs}>`;
  return `<${node.tag}${attrs}>${node.tag === 'style' ? styleText(node) : node.children.map(toMarkup).join('')}</${node.tag}>`;
}

/**
 * A stylesheet is raw text in HTML (entities are not decoded there): only the end tag must never appear in it.
 *
 * @param {TreeNode} node
 */
function styleText(node) {
  const text = node.children.map((child) => (typeof child === 'string' ? child : '')).join('\n');
  if (/<\//.test(text)) throw new Error('a stylesheet may not contain "</"');
  return text;
}
