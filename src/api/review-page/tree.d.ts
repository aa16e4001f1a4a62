/** Types of tree.js, for the TypeScript modules that render it to markup (the run report). */
export interface TreeNode {
  tag: string;
  attrs: Record<string, unknown>;
  children: Array<TreeNode | string>;
}
export function el(tag: string, attrs?: Record<string, unknown>, ...children: unknown[]): TreeNode;
/** An element (HTMLElement unless told, e.g. HTMLButtonElement; an SVGElement inside an svg), or text for a string. */
export function toDom<T extends Element = HTMLElement>(node: TreeNode, doc?: Document, inSvg?: boolean): T;
export function toDom(node: string, doc?: Document, inSvg?: boolean): Text;
export function escapeHtml(text: unknown): string;
export function toMarkup(node: TreeNode | string): string;
