/**
 * Names for places inside a JSON value, written the way people read them: `findings[0].ci[1]`,
 * `sizing.lambda`. The grounding check, the config diff and the prompt all use this one spelling.
 */

/**
 * The path of an object's property below `parent` (the root is the empty string).
 *
 * @example
 * propertyPath('findings[0]', 'effect') // 'findings[0].effect'
 */
export function propertyPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * The path of an array's item below `parent`.
 *
 * @example
 * itemPath('findings', 0) // 'findings[0]'
 */
export function itemPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One scalar inside a JSON value, with its path. */
export interface JsonLeaf {
  path: string;
  value: string | number | boolean | null;
}

/**
 * Every scalar of a JSON value with its path, depth first, in key order.
 *
 * @example
 * jsonLeaves({ findings: [{ n: 412, ci: [-0.02, -0.004] }] })
 * // [{ path: 'findings[0].n', value: 412 }, { path: 'findings[0].ci[0]', value: -0.02 },
 * //  { path: 'findings[0].ci[1]', value: -0.004 }]
 */
export function jsonLeaves(value: unknown, path = ''): JsonLeaf[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => jsonLeaves(item, itemPath(path, i)));
  if (isJsonObject(value)) return Object.entries(value).flatMap(([key, item]) => jsonLeaves(item, propertyPath(path, key)));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return [{ path, value }];
  }
  return [];
}
