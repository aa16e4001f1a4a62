/**
 * Seeds the second kind of world (varied-world.ts) with a scenario's planted effects and returns its
 * ground truth; the trades written are those closed by the as-of instant.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { GroundTruth } from '../ground-truth.js';
import { Random } from '../random.js';
import type { EffectName } from '../scenarios.js';
import { type Row, TABLES, type TableSpec } from '../tables.js';
import { writeSeededRows } from '../write-seeded-rows.js';
import { backtestRows, liveRows, worldTables } from './varied-rows.js';
import { variedTruth } from './varied-truth.js';
import { variedWorld } from './varied-world.js';

const BATCH_ROWS = 10_000;

/**
 * @example
 * const truth = await seedVariedWorld(db, { scenario: 'regime_loss', seed: 3, effects, trades: 2000, decisions: 5000, reset: true });
 */
export async function seedVariedWorld(
  db: Kysely<Database>,
  input: {
    scenario: string;
    seed: number;
    effects: ReadonlySet<EffectName>;
    trades: number;
    decisions: number;
    reset: boolean;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<GroundTruth> {
  const stream = (label: string) => Random.stream(input.seed, 'varied', label);
  const world = variedWorld(input.seed, input.effects, stream);
  let closedTrades = 0;
  function* batches(): Generator<[TableSpec, Row[]]> {
    yield* worldTables(world, stream('tables'));
    for (const batch of liveRows(world, stream('live'), input, BATCH_ROWS)) {
      if (batch[0] === TABLES.trades) closedTrades += batch[1].length;
      yield batch;
    }
    yield* backtestRows(world, stream, input.trades);
  }
  await writeSeededRows(db, batches(), { reset: input.reset, total: 2 * (input.trades + input.decisions), onProgress: input.onProgress });
  return variedTruth(world, { scenario: input.scenario, trades: closedTrades, decisions: input.decisions });
}
