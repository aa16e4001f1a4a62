/** Types of markdown.js, for the tests that render rationales to markup. */
import type { TreeNode } from './tree.js';

export function inlineNodes(text: string): Array<TreeNode | string>;
export function markdownNodes(text: string | null | undefined): TreeNode[];
