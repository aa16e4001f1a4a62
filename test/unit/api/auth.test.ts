import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bearerToken, tokenIdentifier } from '../../../src/api/auth.js';

describe('bearerToken', () => {
  test('reads the token of a Bearer header, case-insensitively, and nothing else', () => {
    assert.equal(bearerToken('Bearer abc.def'), 'abc.def');
    assert.equal(bearerToken('bearer   abc  '), 'abc');
    assert.equal(bearerToken('Basic abc'), undefined);
    assert.equal(bearerToken('Bearer'), undefined);
    assert.equal(bearerToken('Bearer a b'), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });
});

describe('tokenIdentifier', () => {
  const identify = tokenIdentifier(
    new Map([
      ['0123456789abcdef', 'alice'],
      ['fedcba9876543210', 'bob'],
    ]),
  );

  test('maps each known token to its identity', () => {
    assert.equal(identify('0123456789abcdef'), 'alice');
    assert.equal(identify('fedcba9876543210'), 'bob');
  });

  test('refuses prefixes, extensions, other cases and the empty string', () => {
    for (const guess of ['0123456789abcde', '0123456789abcdef0', '0123456789ABCDEF', '']) assert.equal(identify(guess), undefined, guess);
  });

  test('with no tokens configured, nothing is accepted', () => {
    assert.equal(tokenIdentifier(new Map())('anything'), undefined);
  });
});
