import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Timeline } from '../../../src/seed/timeline.js';

test('the value in force is the latest one that started at or before the instant', () => {
  const timeline = new Timeline([
    { from: 20, value: 'c' },
    { from: 0, value: 'a' },
    { from: 10, value: 'b' },
  ]);
  assert.equal(timeline.at(0), 'a');
  assert.equal(timeline.at(9.5), 'a');
  assert.equal(timeline.at(10), 'b');
  assert.equal(timeline.at(1e9), 'c');
  assert.deepEqual(
    timeline.entries().map((e) => e.value),
    ['a', 'b', 'c'],
  );
});

test('nothing is in force before the first entry', () => {
  assert.throws(() => new Timeline([{ from: 5, value: 1 }]).at(4), RangeError);
  assert.throws(() => new Timeline<number>([]).at(0), RangeError);
});
