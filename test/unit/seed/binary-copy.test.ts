import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binaryCopy } from '../../../src/seed/bulk-writer.js';
import { TABLES } from '../../../src/seed/tables.js';

/** Reads COPY's binary format back: the fields of each tuple as raw bytes (null for NULL). */
function tuples(body: Buffer): (Buffer | null)[][] {
  assert.equal(body.subarray(0, 11).toString('latin1'), 'PGCOPY\n\xff\r\n\0');
  assert.equal(body.readInt32BE(11), 0);
  assert.equal(body.readInt32BE(15), 0);
  let offset = 19;
  const rows: (Buffer | null)[][] = [];
  for (;;) {
    const fields = body.readInt16BE(offset);
    offset += 2;
    if (fields === -1) break;
    const row: (Buffer | null)[] = [];
    for (let i = 0; i < fields; i++) {
      const length = body.readInt32BE(offset);
      offset += 4;
      row.push(length === -1 ? null : body.subarray(offset, offset + length));
      offset += Math.max(0, length);
    }
    rows.push(row);
  }
  assert.equal(offset, body.length, 'nothing after the trailer');
  return rows;
}

test("each column type is written in PostgreSQL's binary form", () => {
  const at = Date.parse('2026-06-29T13:30:00.123Z');
  const body = binaryCopy(TABLES.black_swan_events, [
    ['bs-001', at, null, 4, 'FLASH_CRASH', 'crash in tech\tand ünïcode', 'rg-007', { sectors: ['TECHNOLOGY'] }],
  ]);
  const [[id, detected, resolved, severity, kind, description, regime, affected]] = tuples(body);
  assert.equal(id?.toString('utf8'), 'bs-001');
  const micros = (at - Date.parse('2000-01-01T00:00:00Z')) * 1000;
  assert.equal(detected?.readBigInt64BE(0), BigInt(micros));
  assert.equal(resolved, null);
  assert.equal(severity?.length, 4);
  assert.equal(severity?.readInt32BE(0), 4);
  assert.equal(kind?.toString('utf8'), 'FLASH_CRASH');
  assert.equal(description?.toString('utf8'), 'crash in tech\tand ünïcode');
  assert.equal(regime?.toString('utf8'), 'rg-007');
  assert.equal(affected?.[0], 1, 'jsonb version byte');
  assert.deepEqual(JSON.parse(affected!.subarray(1).toString('utf8')), { sectors: ['TECHNOLOGY'] });
});

test('doubles keep every bit and booleans are one byte', () => {
  const values = [0.1 + 0.2, -1e-12, 123456789.123, 5e-324];
  const rows = values.map((x, i) => [
    `dc-${i}`,
    0,
    's',
    'i',
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    'HOLD',
    x,
    null,
    'APPROVED',
    i % 2 === 0,
    null,
    0,
    0,
    null,
    null,
  ]);
  const decoded = tuples(binaryCopy(TABLES.pipeline_decisions, rows));
  decoded.forEach((row, i) => {
    assert.equal(row.length, TABLES.pipeline_decisions.columns.length);
    assert.equal(row[13]?.readDoubleBE(0), values[i]);
    assert.deepEqual([...row[16]!], [i % 2 === 0 ? 1 : 0]);
  });
});

test('instants before and after 2000 and across many days encode exactly', () => {
  const instants = [Date.parse('1999-12-31T23:59:59.999Z'), 0, Date.parse('2026-01-01T00:00:00Z'), Date.parse('2030-07-15T20:00:00.001Z')];
  const rows = instants.map((ms, i) => [`rg-${i}`, 'US_EQUITIES', 'SIDEWAYS', ms, ms, {}]);
  tuples(binaryCopy(TABLES.regime_history, rows)).forEach((row, i) => {
    assert.equal(row[3]?.readBigInt64BE(0), BigInt((instants[i] - Date.parse('2000-01-01T00:00:00Z')) * 1000));
  });
});

test('a large batch grows its buffer and stays well formed', () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => [`rg-${i}`, 'US_EQUITIES', 'CRISIS'.repeat(10), i * 1000, null, { i }]);
  assert.equal(tuples(binaryCopy(TABLES.regime_history, rows)).length, 20_000);
});
