/**
 * Environment parsing, in one place. Every setting has a default that works on a developer machine;
 * a malformed value fails with a one-line message naming the variable.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/kronos';
export const TASK_QUEUE = 'kronos-meta';
/** The worker's memory budget when none is configured (KRONOS_WORKER_MEMORY_MIB). */
export const DEFAULT_WORKER_MEMORY_MIB = 1024;

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  KRONOS_TASK_QUEUE: z.string().min(1).default(TASK_QUEUE),
  KRONOS_STATE_DIR: z.string().min(1).optional(),
  KRONOS_POLICY_FILE: z.string().min(1).optional(),
  /** The registered public keys of signed decisions (config/approvers.json when unset). */
  KRONOS_APPROVERS_FILE: z.string().min(1).optional(),
  /** Where `kronos keys create` keeps private keys (the user's config directory when unset). */
  KRONOS_KEYS_DIR: z.string().min(1).optional(),
  /** The API's private signing key (PEM), for the identities its tokens map to. */
  KRONOS_API_SIGNING_KEY_FILE: z.string().min(1).optional(),
  KRONOS_LOG_LEVEL: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  KRONOS_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  KRONOS_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /** The IANA time zone whose calendar days are the analysis days (clusters, daily series). */
  KRONOS_ANALYSIS_TIME_ZONE: z.string().min(1).default('UTC'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  KRONOS_LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  KRONOS_LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  /** Where the worker's runtime serves the Temporal SDK's Prometheus metrics; none when unset. */
  KRONOS_TEMPORAL_METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** The worker's memory budget in MiB; it sizes the sticky workflow cache (src/temporal/workflow-cache.ts). */
  KRONOS_WORKER_MEMORY_MIB: z.coerce.number().int().min(512).default(DEFAULT_WORKER_MEMORY_MIB),
});

export type KronosEnv = z.infer<typeof envSchema>;

/** Thrown for configuration that is wrong: callers print its message alone, without a stack. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the process environment (or the given record). */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): KronosEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The database URL Kronos uses: DATABASE_URL, else the local server's `kronos` database. */
export function databaseUrl(env: KronosEnv = loadEnv()): string {
  return env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

/** Where Kronos keeps machine-local state outside the repo: the Temporal CLI build and the dev server's workflows. */
export function stateDir(env: KronosEnv = loadEnv()): string {
  return env.KRONOS_STATE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'kronos');
}
