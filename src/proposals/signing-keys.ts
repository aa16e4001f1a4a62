/**
 * Private signing keys, kept with their owner: one PEM file per name under the user's keys directory
 * (KRONOS_KEYS_DIR, else ~/.config/kronos/keys), readable by the owner alone. A key file others can read
 * is refused: whoever can read it can decide in its owner's name.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, statSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, type KronosEnv } from '../config.js';

const NAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** Where private keys live: KRONOS_KEYS_DIR, else `$XDG_CONFIG_HOME/kronos/keys` (`~/.config/kronos/keys`). */
export function keysDir(env: Pick<KronosEnv, 'KRONOS_KEYS_DIR'>): string {
  return env.KRONOS_KEYS_DIR ?? path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'kronos', 'keys');
}

/** A name a key file can have (no path separators, no hidden files). */
function isKeyName(name: string): boolean {
  return NAME.test(name) && !name.startsWith('.');
}

/** The key file of `name` in `dir`; a name that is not 1-64 letters, digits or . _ @ - is refused. */
export function keyFileOf(dir: string, name: string): string {
  if (!isKeyName(name)) throw new ConfigError(`invalid key name ${JSON.stringify(name)}: 1-64 letters, digits or . _ @ -, not starting with a dot`);
  return path.join(dir, `${name}.pem`);
}

/**
 * Creates the Ed25519 key of `name`: the private half written to `<dir>/<name>.pem` with mode 0600 (never
 * over an existing file), the public half returned to be registered.
 *
 * @example
 * const { file, publicKey } = createSigningKey(keysDir(loadEnv()), 'alice');
 */
export function createSigningKey(dir: string, name: string): { file: string; publicKey: KeyObject } {
  const file = keyFileOf(dir, name);
  if (existsSync(file)) throw new ConfigError(`a key for ${name} exists already: ${file}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return { file, publicKey };
}

/**
 * Reads a private key file; refused when its mode lets anyone but its owner read or write it, or when it
 * is not an Ed25519 private key.
 *
 * @example
 * const key = readSigningKey('/home/alice/.config/kronos/keys/alice.pem');
 */
export function readSigningKey(file: string): KeyObject {
  let mode: number;
  try {
    mode = statSync(file).mode & 0o777;
  } catch (err) {
    throw new ConfigError(`cannot read key file ${file}: ${(err as { code?: string }).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(`key file ${file} has mode ${mode.toString(8).padStart(4, '0')}: others may read it; chmod 600 ${file}`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(file));
  } catch (err) {
    throw new ConfigError(`key file ${file} is not a PEM private key: ${(err as Error).message.split('\n')[0]}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(`key file ${file} holds an ${key.asymmetricKeyType} key, not Ed25519`);
  return key;
}

/**
 * The private key of `name` in `dir`, or null when it has none (its decisions then go unsigned).
 *
 * @example
 * const key = signingKeyOf(keysDir(loadEnv()), 'alice'); // KeyObject | null
 */
export function signingKeyOf(dir: string, name: string): KeyObject | null {
  if (!isKeyName(name)) return null;
  const file = keyFileOf(dir, name);
  return existsSync(file) ? readSigningKey(file) : null;
}
