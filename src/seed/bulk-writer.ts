/**
 * Writes batches of rows inside the seed's transaction: with binary COPY FROM STDIN (pg-copy-streams) on
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

/** PostgreSQL's epoch (2000-01-01T00:00:00Z) in Unix milliseconds. */
const POSTGRES_EPOCH_MS = 946_684_800_000;
const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const JSONB_VERSION = 1;

/** A growing byte buffer for one batch in COPY's binary format. */
class BinaryBatch {
  private buffer = Buffer.allocUnsafe(1 << 20);
  private offset = 0;

  private room(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + bytes));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }

  int16(value: number): void {
    this.room(2);
    this.offset = this.buffer.writeInt16BE(value, this.offset);
  }

  int32(value: number): void {
    this.room(4);
    this.offset = this.buffer.writeInt32BE(value, this.offset);
  }

  uint32(value: number): void {
    this.room(4);
    this.offset = this.buffer.writeUInt32BE(value, this.offset);
  }

  double(value: number): void {
    this.room(8);
    this.offset = this.buffer.writeDoubleBE(value, this.offset);
  }

  byte(value: number): void {
    this.room(1);
    this.buffer[this.offset++] = value;
  }

  utf8(value: string): void {
    this.room(Buffer.byteLength(value));
    this.offset += this.buffer.write(value, this.offset, 'utf8');
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.offset);
  }
}

/** Each field is its byte length, then its bytes in the column type's binary form. */
const FIELD_WRITERS: Record<ColumnKind, (batch: BinaryBatch, value: CellValue) => void> = {
  text(batch, value) {
    const text = String(value);
    batch.int32(Buffer.byteLength(text));
    batch.utf8(text);
  },
  number(batch, value) {
    batch.int32(8);
    batch.double(value as number);
  },
  int(batch, value) {
    batch.int32(4);
    batch.int32(value as number);
  },
  bool(batch, value) {
    batch.int32(1);
    batch.byte(value ? 1 : 0);
  },
  /** int64 microseconds since 2000-01-01 UTC, as two 32-bit halves (exact below 2^53). */
  time(batch, value) {
    const micros = (Math.floor(value as number) - POSTGRES_EPOCH_MS) * 1000;
    const high = Math.floor(micros / 2 ** 32);
    batch.int32(8);
    batch.int32(high);
    batch.uint32(micros - high * 2 ** 32);
  },
  /** jsonb: a version byte, then the JSON text. */
  json(batch, value) {
    const text = JSON.stringify(value);
    batch.int32(Buffer.byteLength(text) + 1);
    batch.byte(JSONB_VERSION);
    batch.utf8(text);
  },
};

/**
 * The rows in COPY's binary format (header, one tuple per row, trailer): no number or time is turned
 * into text and parsed back, which is most of the server's work in a text COPY.
 *
 * @example
 * const body = binaryCopy(TABLES.regime_history, [['rg-001', 'US_EQUITIES', 'CRISIS', 0, null, {}]]);
 * body.subarray(0, 11).toString('latin1'); // 'PGCOPY\n\xff\r\n\0'
 */
export function binaryCopy(table: TableSpec, rows: readonly Row[]): Buffer {
  const writers = table.columns.map(([, kind]) => FIELD_WRITERS[kind]);
  const batch = new BinaryBatch();
  for (const byte of COPY_SIGNATURE) batch.byte(byte);
  batch.int32(0); // flags
  batch.int32(0); // header extension length
  for (const row of rows) {
    batch.int16(writers.length);
    for (let i = 0; i < writers.length; i++) {
      if (row[i] === null) batch.int32(-1);
      else writers[i](batch, row[i]);
    }
  }
  batch.int16(-1);
  return batch.bytes();
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
      const stream = copyFrom(`COPY ${table.name} (${columnList(table)}) FROM STDIN WITH (FORMAT binary)`);
      const done = finished(stream);
      // Kysely has no COPY. node-postgres runs any Submittable handed to client.query, and Kysely passes
      // the compiled query's `sql` straight to client.query on the transaction's own connection: so the
      // COPY runs inside the seed's transaction. The call returns at once (node-postgres queues the COPY
      // behind the one in flight); `done` settles when the server has the rows.
      await trx.executeQuery({ ...CompiledQuery.raw(''), sql: stream as unknown as string });
      stream.end(binaryCopy(table, rows));
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
