/** A wrong DATABASE_URL, an unreachable Temporal or a missing Go toolchain end with one line that says what to do. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runKronos } from '../../support/run-cli.js';

function assertOneLineError(result: { code: number; stderr: string }, pattern: RegExp): void {
  assert.notEqual(result.code, 0);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${result.stderr}`);
  assert.match(lines[0] ?? '', /^kronos: /);
  assert.match(lines[0] ?? '', pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

test('an unreachable DATABASE_URL names the server and what to do', async () => {
  const result = await runKronos(['db', 'migrate'], { DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/kronos' });
  assertOneLineError(result, /cannot use PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/kronos.*DATABASE_URL/);
  assert.doesNotMatch(result.stderr, /secret/, 'the password is never printed');
});

test('a malformed DATABASE_URL is named', async () => {
  const result = await runKronos(['db', 'migrate'], { DATABASE_URL: 'not a url' });
  assertOneLineError(result, /DATABASE_URL/);
});

test('an unreachable TEMPORAL_ADDRESS names the address and what to do', async () => {
  const result = await runKronos(['analyze'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
  assertOneLineError(result, /cannot reach Temporal at 127\.0\.0\.1:1.*TEMPORAL_ADDRESS/);
});

test('no Temporal CLI and no Go toolchain: says what to install', async () => {
  const emptyState = mkdtempSync(path.join(os.tmpdir(), 'kronos-nogo-'));
  const result = await runKronos(['dev', '--once'], {
    PATH: path.dirname(process.execPath),
    KRONOS_STATE_DIR: emptyState,
    GOROOT: emptyState,
    TEMPORAL_CLI_PATH: '',
    TEMPORAL_ADDRESS: '',
  });
  assertOneLineError(result, /no Temporal CLI found and no Go toolchain.*install Go/);
});
