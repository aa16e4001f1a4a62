/**
 * Reading a jsonb column back through the schema its writer's type has: a row that does not match
 * fails with one line naming the table, the row and the column, instead of travelling on as a cast.
 */
import type { z } from 'zod';

/** A stored JSON value that does not have the shape its writer gives it. */
export class StoredJsonError extends Error {
  constructor(
    readonly table: string,
    readonly id: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${table} ${id}: ${field} is malformed: ${problem}`);
    this.name = 'StoredJsonError';
  }
}

/** Where a stored value comes from: its table, the row's id and the column. */
export interface StoredAt {
  table: string;
  id: string;
  field: string;
}

/**
 * The stored value parsed by its schema.
 *
 * @example
 * parseStored(configSnapshotSchema, row.current_config_snapshot_json, { table: 'meta_controller_config_proposals', id: row.proposal_id, field: 'current_config_snapshot_json' });
 */
export function parseStored<T>(schema: z.ZodType<T>, value: unknown, at: StoredAt): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new StoredJsonError(at.table, at.id, at.field, `${path}${issue.message}`);
}
