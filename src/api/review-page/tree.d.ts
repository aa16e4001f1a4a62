/** Types of tree.js, for the TypeScript modules that render it to markup (the run report). */
export interface TreeNode {
  tag: string;
  attrs: Record<string, unknown>;
  children: Array<TreeNode | string>;
}
export function el(tag: string, attrs?: Record<string, unknown>, ...children: unknown[]): TreeNode;
export function toDom(node: TreeNode | string, doc?: Document, inSvg?: boolean): Node;
export function escapeHtml(text: unknown): string;
export function toMarkup(node: TreeNode | string): string;
