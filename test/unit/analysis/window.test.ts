import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveWindow, windowDayLabels } from '../../../src/analysis/window.js';

test('the default window is the 90 days before the as-of time', () => {
  const window = resolveWindow({ asOf: new Date('2026-06-29T00:00:00Z') });
  assert.deepEqual(window, { as_of: '2026-06-29T00:00:00.000Z', start: '2026-03-31T00:00:00.000Z', end: '2026-06-29T00:00:00.000Z', days: 90 });
  assert.equal(windowDayLabels(window)[0], '2026-03-31');
  assert.equal(windowDayLabels(window).length, 90);
});

test('a bad window is refused with a message naming it', () => {
  assert.throws(() => resolveWindow({ windowDays: 0 }), /whole number of days/);
  assert.throws(() => resolveWindow({ windowDays: 2.5 }), /whole number of days/);
  assert.throws(() => resolveWindow({ asOf: new Date('nope') }), /as-of time/);
});
