import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyLines, copyValue } from '../../../src/seed/bulk-writer.js';
import { TABLES } from '../../../src/seed/tables.js';

test('text is escaped for COPY and null is \\N', () => {
  assert.equal(copyValue('plain', 'text'), 'plain');
  assert.equal(copyValue('tab\there\nnew\\slash\r', 'text'), 'tab\\there\\nnew\\\\slash\\r');
  assert.equal(copyValue(null, 'text'), '\\N');
  assert.equal(copyValue(true, 'bool'), 't');
  assert.equal(copyValue(false, 'bool'), 'f');
  assert.equal(copyValue({ note: 'a\tb' }, 'json'), '{"note":"a\\\\tb"}');
});

test('numbers keep every digit', () => {
  for (const x of [0.1 + 0.2, -1e-12, 123456789.123, 5e-324]) assert.equal(Number(copyValue(x, 'number')), x);
});

test('instants are written exactly as Date#toISOString writes them', () => {
  const instants = [0, 1, 999, 86_399_999, Date.parse('2026-06-29T13:30:00.123Z'), Date.parse('2024-02-29T23:59:59.999Z')];
  for (let i = 0; i < 200; i++) instants.push(Date.parse('2025-01-01T00:00:00Z') + Math.floor(i * 7_777_777.7));
  for (const ms of instants) assert.equal(copyValue(ms, 'time'), new Date(ms).toISOString());
});

test('rows become tab-separated lines in the table\'s column order', () => {
  const rows = [
    ['rg-001', 'US_EQUITIES', 'CRISIS', 0, null, { realized_vol: 0.4 }],
    ['rg-002', 'US_EQUITIES', 'SIDEWAYS', 86_400_000, 172_800_000, {}],
  ];
  assert.equal(
    copyLines(TABLES.regime_history, rows),
    'rg-001\tUS_EQUITIES\tCRISIS\t1970-01-01T00:00:00.000Z\t\\N\t{"realized_vol":0.4}\n' +
      'rg-002\tUS_EQUITIES\tSIDEWAYS\t1970-01-02T00:00:00.000Z\t1970-01-03T00:00:00.000Z\t{}\n',
  );
});
