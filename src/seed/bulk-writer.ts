/**
 * Writes batches of rows inside the seed's transaction: with binary COPY FROM STDIN (pg-copy-streams,
 * encoded by pg-copy-streams-binary) on node-postgres, or, on the embedded WebAssembly PostgreSQL (PGlite,
 * which has no streaming COPY), with INSERT … SELECT FROM json_populate_recordset. Both store the same values.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import copyBinary from 'pg-copy-streams-binary';
import { kyselyOnClient, poolBehind } from '../db/connection.js';
import type { Database } from '../db/schema.js';
import type { CellValue, ColumnKind, Row, TableSpec } from './tables.js';

export interface BulkWriter {
  /**
   * Hands one batch over. It may still be in flight when the promise resolves (so the next batch is
   * generated while PostgreSQL loads this one); at most MAX_IN_FLIGHT batches are, which bounds memory.
   */
  write(table: TableSpec, rows: readonly Row[]): Promise<void>;
  /** Resolves once PostgreSQL holds every batch; rejects with the first batch's failure. */
  flush(): Promise<void>;
}

/** pg-copy-streams-binary's name for each column kind's PostgreSQL type. */
const COPY_TYPES: Record<ColumnKind, string> = { text: 'text', number: 'float8', int: 'int4', bool: 'bool', time: 'timestamptz', json: 'jsonb' };

/** The rows as the encoder takes them: each field its type and value (times as Dates, NULL as null). */
function* copyTuples(table: TableSpec, rows: readonly Row[]): Generator<{ type: string; value: unknown }[]> {
  const kinds = table.columns.map(([, kind]) => kind);
  for (const row of rows) {
    yield kinds.map((kind, i) => {
      const value = row[i];
      return { type: COPY_TYPES[kind], value: kind === 'time' && value !== null ? new Date(value as number) : value };
    });
  }
}

function columnList(table: TableSpec): string {
  return table.columns.map(([column]) => column).join(', ');
}

const MAX_IN_FLIGHT = 2;

function copyWriter(client: pg.PoolClient): BulkWriter {
  const inFlight: Promise<void>[] = [];
  return {
    async write(table, rows) {
      if (rows.length === 0) return;
      if (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift();
      // node-postgres queues the COPY behind the one in flight; the pipeline settles when the server has the rows.
      const copy = client.query(copyFrom(`COPY ${table.name} (${columnList(table)}) FROM STDIN WITH (FORMAT binary)`));
      const done = pipeline(Readable.from(copyTuples(table, rows)), copyBinary.rowWriter(), copy);
      done.catch(() => undefined); // reported by a later write or by flush, not as an unhandled rejection
      inFlight.push(done);
    },
    async flush() {
      while (inFlight.length > 0) await inFlight.shift();
    },
  };
}

const JSON_BATCH = 2_000;

function jsonRow(table: TableSpec, row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  table.columns.forEach(([column, kind], i) => {
    const value = row[i];
    out[column] = kind === 'time' && value !== null ? new Date(value as number).toISOString() : value;
  });
  return out;
}

function jsonWriter(trx: Kysely<Database>): BulkWriter {
  return {
    async write(table, rows) {
      const columns = sql.raw(columnList(table));
      const target = sql.table(table.name);
      for (let start = 0; start < rows.length; start += JSON_BATCH) {
        const batch = JSON.stringify(rows.slice(start, start + JSON_BATCH).map((row) => jsonRow(table, row)));
        await sql`INSERT INTO ${target} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${target}, ${batch}::json)`.execute(trx);
      }
    },
    flush: async () => undefined,
  };
}

/**
 * Runs `work` in one transaction with a writer for it. On a PostgreSQL server the transaction is
 * node-postgres' own (BEGIN … COMMIT on one pool client, which the Kysely handed to `work` also queries
 * through), so the writer can stream COPY on that client; on any other connection (the embedded PGlite)
 * it is a Kysely transaction and the writer inserts.
 *
 * @example
 * await inBulkTransaction(db, async (trx, writer) => {
 *   await writer.write(TABLES.regime_history, rows);
 *   await writer.flush();
 * });
 */
export async function inBulkTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>, writer: BulkWriter) => Promise<T>): Promise<T> {
  const pool = poolBehind(db);
  if (pool === undefined) return db.transaction().execute((trx) => work(trx, jsonWriter(trx)));
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(kyselyOnClient(client), copyWriter(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true; // a connection that cannot roll back is not handed to anyone else
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
