/**
 * Signing keys for tests, made the way a person makes them: `kronos keys create --as NAME` into a keys
 * directory of the test's own, and an approvers file registering the printed entries of some of them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { readSigningKey } from '../../src/proposals/signing-keys.js';
import { runKronos } from './run-cli.js';

export interface TestKeys {
  /** KRONOS_KEYS_DIR of the test. */
  keysDir: string;
  /** The approvers file registering the `registered` names. */
  approversPath: string;
  /** The private key of a name. */
  keyOf(name: string): KeyObject;
  remove(): void;
}

/** One entry of the approvers file, as `kronos keys create` prints it on its last line. */
async function createKey(keysDir: string, name: string, signsFor?: string): Promise<Record<string, unknown>> {
  const result = await runKronos(['keys', 'create', '--as', name, ...(signsFor ? ['--signs-for', signsFor] : [])], { KRONOS_KEYS_DIR: keysDir });
  if (result.code !== 0) throw new Error(`kronos keys create --as ${name} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
}

/**
 * Keys for `registered` (each with the names it signs for, if any) and for `unregistered`.
 *
 * @example
 * const keys = await createTestKeys({ registered: { alice: undefined }, unregistered: ['bob'] });
 */
export async function createTestKeys(options: { registered: Record<string, string | undefined>; unregistered?: string[] }): Promise<TestKeys> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kronos-keys-'));
  const keysDir = path.join(root, 'keys');
  const entries = [];
  for (const [name, signsFor] of Object.entries(options.registered)) entries.push(await createKey(keysDir, name, signsFor));
  for (const name of options.unregistered ?? []) await createKey(keysDir, name);
  const approversPath = path.join(root, 'approvers.json');
  writeFileSync(approversPath, JSON.stringify({ keys: entries }, null, 2));
  return {
    keysDir,
    approversPath,
    keyOf: (name) => readSigningKey(path.join(keysDir, `${name}.pem`)),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
