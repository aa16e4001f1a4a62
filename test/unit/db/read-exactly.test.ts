/** readExactly: one raw pass for clean sums, a screened second pass only when a sum came back NaN or infinite. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type NumericReading, readExactly } from '../../../src/db/queries/sql-helpers.js';

function fakeQuery(raw: Array<{ sum: number | null; n: number }>, screened: Array<{ sum: number | null; n: number }>) {
  const calls: NumericReading[] = [];
  return { calls, query: async (reading: NumericReading) => (calls.push(reading), reading === 'raw' ? raw : screened) };
}

test('clean sums (NULL included) are taken from the raw pass alone', async () => {
  const { calls, query } = fakeQuery(
    [
      { sum: 1.5, n: 3 },
      { sum: null, n: 0 },
    ],
    [{ sum: 0, n: 0 }],
  );
  assert.deepEqual(await readExactly(query, ['sum']), [
    { sum: 1.5, n: 3 },
    { sum: null, n: 0 },
  ]);
  assert.deepEqual(calls, ['raw']);
});

for (const poison of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
  test(`a ${poison} sum sends the query through the screened reading`, async () => {
    const { calls, query } = fakeQuery(
      [
        { sum: 2, n: 1 },
        { sum: poison, n: 2 },
      ],
      [
        { sum: 2, n: 1 },
        { sum: 0.5, n: 1 },
      ],
    );
    assert.deepEqual(await readExactly(query, ['sum']), [
      { sum: 2, n: 1 },
      { sum: 0.5, n: 1 },
    ]);
    assert.deepEqual(calls, ['raw', 'screened']);
  });
}

test('columns not named as sums are not checked', async () => {
  const { calls, query } = fakeQuery([{ sum: 1, n: Number.NaN }], []);
  await readExactly(query, ['sum']);
  assert.deepEqual(calls, ['raw']);
});
