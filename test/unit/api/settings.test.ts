import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadApiSettings } from '../../../src/api/settings.js';
import { createSigningKey } from '../../../src/proposals/signing-keys.js';

const ALICE = 'a1b2c3d4e5f6a7b8c9d0';
const BOB = 'ffeeddccbbaa99887766';

describe('loadApiSettings', () => {
  test('defaults: loopback, port 8080, 64 KiB bodies, no tokens, no signing key', () => {
    const settings = loadApiSettings({});
    assert.deepEqual({ ...settings, tokens: [...settings.tokens] }, { host: '127.0.0.1', port: 8080, bodyLimit: 65536, tokens: [], signingKey: null });
  });

  test('KRONOS_API_SIGNING_KEY_FILE: the Ed25519 key `kronos keys create` wrote', () => {
    const { file } = createSigningKey(path.join(mkdtempSync(path.join(tmpdir(), 'kronos-keys-')), 'keys'), 'kronos-api');
    assert.equal(loadApiSettings({ KRONOS_API_SIGNING_KEY_FILE: file }).signingKey?.asymmetricKeyType, 'ed25519');
  });

  test('inline tokens map to identities; a token may contain "="', () => {
    const settings = loadApiSettings({ KRONOS_API_TOKENS: ` ${ALICE}=alice, ${BOB}==bob `, KRONOS_API_PORT: '9000' });
    assert.equal(settings.port, 9000);
    assert.deepEqual(
      [...settings.tokens],
      [
        [ALICE, 'alice'],
        [`${BOB}=`, 'bob'],
      ],
    );
  });

  test('a token file adds its tokens to the inline ones', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kronos-tokens-'));
    const file = path.join(dir, 'tokens.json');
    writeFileSync(file, JSON.stringify({ [BOB]: 'bob' }));
    const settings = loadApiSettings({ KRONOS_API_TOKENS: `${ALICE}=alice`, KRONOS_API_TOKENS_FILE: file });
    assert.deepEqual(
      [...settings.tokens],
      [
        [ALICE, 'alice'],
        [BOB, 'bob'],
      ],
    );
  });

  test('errors name the variable and the entry, never the token', () => {
    assert.throws(
      () => loadApiSettings({ KRONOS_API_TOKENS: 'short=alice' }),
      (err: Error) => {
        assert.equal(err.message, 'invalid KRONOS_API_TOKENS: entry 1: a token has at least 16 characters');
        return true;
      },
    );
    assert.throws(() => loadApiSettings({ KRONOS_API_TOKENS: `${ALICE}=alice,${BOB}=bob smith` }), /entry 2: an identity is 1-64 letters/);
    assert.throws(() => loadApiSettings({ KRONOS_API_TOKENS: ALICE }), /entry 1 is not token=identity/);
    assert.throws(() => loadApiSettings({ KRONOS_API_TOKENS: `${ALICE}=alice,${ALICE}=mallory` }), /the same API token is given to both alice and mallory/);
    assert.throws(() => loadApiSettings({ KRONOS_API_PORT: 'eighty' }), /^ConfigError: invalid environment variable KRONOS_API_PORT: /);
    assert.throws(() => loadApiSettings({ KRONOS_API_TOKENS_FILE: '/nonexistent/tokens.json' }), /cannot read KRONOS_API_TOKENS_FILE/);
  });
});
