/**
 * The API's settings, parsed in one place: where it listens, the largest body it accepts, the bearer
 * tokens with the identity each one stands for, and the key it signs their decisions with. A malformed
 * value fails with one line naming the variable.
 */
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import { readSigningKey } from '../proposals/signing-keys.js';

/** Tokens shorter than this are guessable; they are refused at start rather than accepted quietly. */
export const MIN_TOKEN_LENGTH = 16;

const identitySchema = z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'an identity is 1-64 letters, digits or . _ @ -');
const tokenSchema = z.string().min(MIN_TOKEN_LENGTH, `a token has at least ${MIN_TOKEN_LENGTH} characters`);

/** `{"<token>": "<identity>"}`: the shape of KRONOS_API_TOKENS_FILE (entries are checked one by one, below). */
const tokenFileSchema = z.record(z.string(), z.string());

const apiEnvSchema = z.object({
  KRONOS_API_HOST: z.string().min(1).default('127.0.0.1'),
  KRONOS_API_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** Largest request body in bytes; anything larger gets 413 before it is parsed. */
  KRONOS_API_BODY_LIMIT: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  /** `token1=alice,token2=bob`. */
  KRONOS_API_TOKENS: z.string().optional(),
  /** A JSON file `{"<token>": "<identity>"}`, for tokens that should not sit in the environment. */
  KRONOS_API_TOKENS_FILE: z.string().min(1).optional(),
  /** The API's Ed25519 private key (PEM, mode 0600), registered in the approvers file with `signs_for`. */
  KRONOS_API_SIGNING_KEY_FILE: z.string().min(1).optional(),
});

export interface ApiSettings {
  host: string;
  port: number;
  bodyLimit: number;
  /** token → identity. */
  tokens: Map<string, string>;
  /** Signs each decision for the token's identity; null: decisions go unsigned (claimed names). */
  signingKey: KeyObject | null;
}

/** The first problem zod found, as `path: message` (or the message alone at the top level). */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unreadable';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** Checks one token=identity pair; the message names its position, never the token itself. */
function validEntry(source: string, position: number, token: string, identity: string): [string, string] {
  const checkedToken = tokenSchema.safeParse(token);
  if (!checkedToken.success) throw new ConfigError(`invalid ${source}: entry ${position}: ${firstIssue(checkedToken.error)}`);
  const checkedIdentity = identitySchema.safeParse(identity);
  if (!checkedIdentity.success) throw new ConfigError(`invalid ${source}: entry ${position}: ${firstIssue(checkedIdentity.error)}`);
  return [checkedToken.data, checkedIdentity.data];
}

function parseInlineTokens(value: string): Array<[string, string]> {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry, index) => {
      const separator = entry.lastIndexOf('=');
      if (separator <= 0) throw new ConfigError(`invalid KRONOS_API_TOKENS: entry ${index + 1} is not token=identity`);
      return validEntry('KRONOS_API_TOKENS', index + 1, entry.slice(0, separator), entry.slice(separator + 1));
    });
}

function readTokenFile(file: string): Array<[string, string]> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read KRONOS_API_TOKENS_FILE ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = tokenFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`invalid KRONOS_API_TOKENS_FILE ${file}: expected an object of "token": "identity" strings`);
  return Object.entries(parsed.data).map(([token, identity], index) => validEntry(`KRONOS_API_TOKENS_FILE ${file}`, index + 1, token, identity));
}

/**
 * Reads the API's settings from the environment (or the given record).
 *
 * @example
 * const settings = loadApiSettings({ KRONOS_API_TOKENS: 'f3b1c9e2a7d04c5e=alice' });
 * settings.tokens.get('f3b1c9e2a7d04c5e'); // 'alice'
 */
export function loadApiSettings(source: NodeJS.ProcessEnv = process.env): ApiSettings {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = apiEnvSchema.safeParse(cleaned);
  if (!parsed.success) throw new ConfigError(`invalid environment variable ${firstIssue(parsed.error)}`);
  const env = parsed.data;
  const entries = [
    ...(env.KRONOS_API_TOKENS ? parseInlineTokens(env.KRONOS_API_TOKENS) : []),
    ...(env.KRONOS_API_TOKENS_FILE ? readTokenFile(env.KRONOS_API_TOKENS_FILE) : []),
  ];
  const tokens = new Map<string, string>();
  for (const [token, identity] of entries) {
    const earlier = tokens.get(token);
    if (earlier !== undefined && earlier !== identity) {
      throw new ConfigError(`the same API token is given to both ${earlier} and ${identity}`);
    }
    tokens.set(token, identity);
  }
  const signingKey = env.KRONOS_API_SIGNING_KEY_FILE ? readSigningKey(env.KRONOS_API_SIGNING_KEY_FILE) : null;
  return { host: env.KRONOS_API_HOST, port: env.KRONOS_API_PORT, bodyLimit: env.KRONOS_API_BODY_LIMIT, tokens, signingKey };
}
