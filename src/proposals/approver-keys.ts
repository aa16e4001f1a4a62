/**
 * The registered public keys of the people (and services) who sign decisions: config/approvers.json, or
 * the file KRONOS_APPROVERS_FILE names, beside the policy. Each key belongs to one name; a service key
 * (the API's) lists the names it may sign for (`"*"`: any identity its tokens map to). Private keys never
 * come here: they stay with their owner (`kronos keys create --as NAME`).
 *
 * ```json
 * { "keys": [ { "name": "alice", "public_key": "MCowBQYDK2VwAyEA…" },
 *             { "name": "kronos-api", "public_key": "MCowBQYDK2VwAyEA…", "signs_for": ["*"] } ] }
 * ```
 */
import { fileURLToPath } from 'node:url';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import { keyIdOf, parsePublicKey } from './signed-decision.js';
import { readConfigFile } from './config-file.js';

const approverEntrySchema = z.strictObject({
  name: z.string().trim().min(1).max(128),
  public_key: z.string().min(1),
  signs_for: z.array(z.string().trim().min(1)).default([]),
});

const approversFileSchema = z.strictObject({ keys: z.array(approverEntrySchema) });

/** One registered key as the file has it. */
export type ApproverEntry = z.infer<typeof approverEntrySchema>;

export interface ApproverKey {
  keyId: string;
  name: string;
  publicKey: KeyObject;
  /** Names this key may sign for besides its own ("*": any). */
  signsFor: string[];
}

export interface ApproverKeys {
  byId: Map<string, ApproverKey>;
}

/** Where the default registry lives: config/approvers.json at the project root. */
export const DEFAULT_APPROVERS_FILE = fileURLToPath(new URL('../../config/approvers.json', import.meta.url));

/**
 * Validates a parsed registry, with `extra` entries a process registers for itself beside it (the dev
 * stack's API key); the error names the first bad entry.
 *
 * @example
 * const keys = parseApproverKeys({ keys: [{ name: 'alice', public_key: 'MCowBQYDK2VwAyEA…' }] });
 */
export function parseApproverKeys(document: unknown, source = 'approvers file', extra: ApproverEntry[] = []): ApproverKeys {
  const parsed = approversFileSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid ${source}: ${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message}`);
  }
  const byId = new Map<string, ApproverKey>();
  [...parsed.data.keys, ...extra].forEach((entry, i) => {
    let publicKey: KeyObject;
    try {
      publicKey = parsePublicKey(entry.public_key);
    } catch (err) {
      throw new ConfigError(`invalid ${source}: keys.${i}.public_key (${entry.name}): ${(err as Error).message.split('\n')[0]}`);
    }
    const keyId = keyIdOf(publicKey);
    const other = byId.get(keyId);
    if (other) throw new ConfigError(`invalid ${source}: keys.${i}: the key of ${entry.name} is registered already for ${other.name}`);
    byId.set(keyId, { keyId, name: entry.name, publicKey, signsFor: entry.signs_for });
  });
  return { byId };
}

/**
 * Reads the registry: `path`, else config/approvers.json, and the `extra` entries. Read at each
 * verification, so a key registered or removed applies without a restart.
 *
 * @example
 * const keys = loadApproverKeys(process.env.KRONOS_APPROVERS_FILE);
 */
export function loadApproverKeys(path: string = DEFAULT_APPROVERS_FILE, extra: ApproverEntry[] = []): ApproverKeys {
  const document = readConfigFile(path, 'approvers file');
  return parseApproverKeys(document, `approvers file ${path}`, extra);
}
