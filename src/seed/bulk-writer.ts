/**
 * Writes batches of rows inside the seed's transaction: with COPY FROM STDIN (pg-copy-streams) on
 * node-postgres, or, on the embedded WebAssembly PostgreSQL (PGlite, which cannot stream COPY through
 * Kysely), with INSERT … SELECT FROM json_populate_recordset. Both store the same values.
 */
import { finished } from 'node:stream/promises';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
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

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NEEDS_ESCAPE = /[\\\t\n\r]/;

function copyText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : text;
}

const DAY_MS = 86_400_000;
let cachedDay = NaN;
let cachedDayText = '';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Date#toISOString without a Date per value (bulk rows hold millions of instants): the day part is cached. */
function isoInstant(ms: number): string {
  const whole = Math.floor(ms);
  const day = Math.floor(whole / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  const inDay = whole - day * DAY_MS;
  const clock = `${pad(Math.floor(inDay / 3_600_000), 2)}:${pad(Math.floor(inDay / 60_000) % 60, 2)}:${pad(Math.floor(inDay / 1000) % 60, 2)}`;
  return `${cachedDayText}${clock}.${pad(inDay % 1000, 3)}Z`;
}

const ENCODERS: Record<ColumnKind, (value: CellValue) => string> = {
  text: (value) => copyText(String(value)),
  number: (value) => String(value),
  bool: (value) => (value ? 't' : 'f'),
  time: (value) => isoInstant(value as number),
  json: (value) => copyText(JSON.stringify(value)),
};

/**
 * One value in COPY's text format (null is `\N`; times as ISO 8601 UTC).
 *
 * @example
 * copyValue('a\tb', 'text'); // 'a\\tb'
 * copyValue(Date.parse('2026-01-02T00:00:00Z'), 'time'); // '2026-01-02T00:00:00.000Z'
 */
export function copyValue(value: CellValue, kind: ColumnKind): string {
  return value === null ? '\\N' : ENCODERS[kind](value);
}

/** The rows as COPY text: tab-separated columns, one line per row. */
export function copyLines(table: TableSpec, rows: readonly Row[]): string {
  const encoders = table.columns.map(([, kind]) => ENCODERS[kind]);
  const lines: string[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    let line = row[0] === null ? '\\N' : encoders[0](row[0]);
    for (let i = 1; i < encoders.length; i++) line += row[i] === null ? '\t\\N' : `\t${encoders[i](row[i])}`;
    lines[r] = line;
  }
  return `${lines.join('\n')}\n`;
}

function columnList(table: TableSpec): string {
  return table.columns.map(([column]) => column).join(', ');
}

const MAX_IN_FLIGHT = 2;

function copyWriter(trx: Kysely<Database>): BulkWriter {
  const inFlight: Promise<void>[] = [];
  return {
    async write(table, rows) {
      if (rows.length === 0) return;
      if (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift();
      const stream = copyFrom(`COPY ${table.name} (${columnList(table)}) FROM STDIN`);
      const done = finished(stream);
      // Kysely has no COPY. node-postgres runs any Submittable handed to client.query, and Kysely passes
      // the compiled query's `sql` straight to client.query on the transaction's own connection: so the
      // COPY runs inside the seed's transaction. The call returns at once (node-postgres queues the COPY
      // behind the one in flight); `done` settles when the server has the rows.
      await trx.executeQuery({ ...CompiledQuery.raw(''), sql: stream as unknown as string });
      stream.end(copyLines(table, rows));
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
 * The writer for this connection: COPY on a PostgreSQL server, INSERT on the embedded one.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   const writer = await openBulkWriter(trx);
 *   await writer.write(TABLES.regime_history, rows);
 * });
 */
export async function openBulkWriter(trx: Kysely<Database>): Promise<BulkWriter> {
  const { rows } = await sql<{ version: string }>`SELECT version() AS version`.execute(trx);
  return /emscripten|wasm32/i.test(rows[0]?.version ?? '') ? jsonWriter(trx) : copyWriter(trx);
}
