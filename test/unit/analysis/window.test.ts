import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveWindow, windowDayCount, windowDayLabels } from '../../../src/analysis/window.js';

test('the default window is the 90 days before the as-of time, in UTC calendar days', () => {
  const window = resolveWindow({ asOf: new Date('2026-06-29T00:00:00Z') });
  assert.deepEqual(window, {
    as_of: '2026-06-29T00:00:00.000Z',
    start: '2026-03-31T00:00:00.000Z',
    end: '2026-06-29T00:00:00.000Z',
    days: 90,
    time_zone: 'UTC',
  });
  assert.equal(windowDayLabels(window)[0], '2026-03-31');
  assert.equal(windowDayLabels(window).length, 90);
});

test('a window that starts mid-day touches one more calendar day, and the days follow the time zone', () => {
  const utc = resolveWindow({ asOf: new Date('2026-06-29T06:00:00Z'), windowDays: 10 });
  assert.equal(windowDayCount(utc), 11);
  assert.deepEqual([windowDayLabels(utc)[0], windowDayLabels(utc).at(-1)], ['2026-06-19', '2026-06-29']);
  const newYork = resolveWindow({ asOf: new Date('2026-06-29T06:00:00Z'), windowDays: 10, timeZone: 'America/New_York' });
  assert.deepEqual([windowDayLabels(newYork)[0], windowDayLabels(newYork).at(-1)], ['2026-06-19', '2026-06-29'], '02:00 in New York');
  const tokyo = resolveWindow({ asOf: new Date('2026-06-29T20:00:00Z'), windowDays: 10, timeZone: 'Asia/Tokyo' });
  assert.deepEqual([windowDayLabels(tokyo)[0], windowDayLabels(tokyo).at(-1)], ['2026-06-20', '2026-06-30'], '05:00 the next day in Tokyo');
});

test('a bad window is refused with a message naming it', () => {
  assert.throws(() => resolveWindow({ windowDays: 0 }), /whole number of days/);
  assert.throws(() => resolveWindow({ windowDays: 2.5 }), /whole number of days/);
  assert.throws(() => resolveWindow({ asOf: new Date('nope') }), /as-of time/);
  assert.throws(() => resolveWindow({ timeZone: 'Mars/Olympus' }), /unknown time zone "Mars\/Olympus"/);
});
