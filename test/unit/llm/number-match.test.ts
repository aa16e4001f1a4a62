import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { matchesValue, numbersInText, readWrittenNumber, writtenNumberOf } from '../../../src/llm/number-match.js';

const signed = { ignoreSign: false };

test('a written number carries the rounding its digits imply', () => {
  assert.deepEqual(readWrittenNumber('1.23%'), { text: '1.23%', value: 1.23, halfUnit: 0.005, percent: true });
  assert.equal(readWrittenNumber('1,234,567')?.value, 1_234_567);
  assert.equal(readWrittenNumber('\u22120.5')?.value, -0.5);
  assert.equal(readWrittenNumber('2.5e-3')?.halfUnit, 0.5e-4);
  assert.equal(readWrittenNumber('1e9')?.halfUnit, 0.5e9);
  assert.equal(writtenNumberOf(0.0123).halfUnit, 0.5e-4);
  assert.equal(readWrittenNumber('%'), undefined);
});

test('numbers inside words and identifiers are not read', () => {
  const text = 'Raise entry_threshold from 0.55 to 0.6: s1, v2, HIGH_VOL_3 and tmpl-4 lost -1.23 % over 1,200 trades (2.5e-3).';
  assert.deepEqual(
    numbersInText(text).map((n) => n.text),
    ['0.55', '0.6', '-1.23 %', '1,200', '2.5e-3'],
  );
});

test('a number matches when it is the value rounded as written, or within 0.5 %', () => {
  assert.ok(matchesValue(readWrittenNumber('0.0123')!, 0.012345, signed));
  assert.ok(matchesValue(readWrittenNumber('0.01')!, 0.0123, signed), 'a coarser but correct rounding');
  assert.ok(matchesValue(readWrittenNumber('0.4')!, 0.36, signed));
  assert.ok(!matchesValue(readWrittenNumber('0.3')!, 0.36, signed));
  assert.ok(!matchesValue(readWrittenNumber('0.0125')!, 0.012345, signed));
  assert.ok(matchesValue(readWrittenNumber('1,234,000')!, 1_234_567, signed), 'within 0.5 %');
  assert.ok(!matchesValue(readWrittenNumber('1,250,000')!, 1_234_567, signed));
});

test('a percentage stands for a fraction; prose may drop the sign, citations may not', () => {
  assert.ok(matchesValue(readWrittenNumber('1.23%')!, 0.0123, signed));
  assert.ok(matchesValue(readWrittenNumber('95%')!, 0.95, signed));
  assert.ok(matchesValue(readWrittenNumber('12.5%')!, 12.5, signed), 'a value already in percent');
  assert.ok(!matchesValue(readWrittenNumber('1.23')!, 0.0123, signed), 'no percent sign, no scaling');
  assert.ok(matchesValue(readWrittenNumber('1.2%')!, -0.012, { ignoreSign: true }));
  assert.ok(!matchesValue(writtenNumberOf(0.012), -0.012, signed));
});

test('any value, rounded to any number of decimals, as a fraction or a percentage, matches itself', () => {
  fc.assert(
    fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 8 }), (value, decimals) => {
      assert.ok(matchesValue(readWrittenNumber(value.toFixed(decimals))!, value, signed));
      assert.ok(matchesValue(readWrittenNumber(`${(value * 100).toFixed(decimals)}%`)!, value, signed));
    }),
  );
});

test('a value rounded wrongly by more than half a unit of the last digit (and 0.5 %) does not match', () => {
  fc.assert(
    fc.property(fc.double({ min: 0.001, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), (value, decimals) => {
      const unit = 10 ** -decimals;
      const wrong = Number((value + Math.max(2 * unit, 0.02 * value)).toFixed(decimals));
      assert.ok(!matchesValue(readWrittenNumber(wrong.toFixed(decimals))!, value, signed));
    }),
  );
});
