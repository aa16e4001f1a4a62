/** The baseline's one activity: one idempotent PostgreSQL write. */
import type pg from 'pg';

export const BARE_TABLE_DDL =
  'CREATE TABLE IF NOT EXISTS bench_bare_approvals (id text PRIMARY KEY, approved_by text NOT NULL, approved_at timestamptz NOT NULL DEFAULT now())';

export function createBareActivities(pool: pg.Pool) {
  return {
    async recordApproval(id: string, by: string): Promise<string> {
      await pool.query('INSERT INTO bench_bare_approvals (id, approved_by) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [id, by]);
      return 'APPROVED';
    },
  };
}

export type BareActivities = ReturnType<typeof createBareActivities>;
