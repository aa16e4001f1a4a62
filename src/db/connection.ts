/**
 * PostgreSQL connections: a pg Pool that never crashes the process on a dropped connection, with
 * statement and connection timeouts, wrapped in Kysely.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export interface ConnectOptions {
  /** Per-statement limit in PostgreSQL, kept below the activities' start-to-close timeouts. */
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
  maxConnections?: number;
  /** Where pool-level errors go; they are logged, never thrown. */
  onError?: (err: Error) => void;
}

/**
 * Creates a pool whose idle and checked-out clients both have error listeners: a restarted server
 * makes queries fail (and activities retry) instead of killing the worker.
 *
 * @example
 * const pool = createPool('postgres://postgres@127.0.0.1:5432/kronos');
 */
export function createPool(url: string, options: ConnectOptions = {}): pg.Pool {
  const onError = options.onError ?? ((err: Error) => console.error(`postgres connection error: ${err.message}`));
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    statement_timeout: options.statementTimeoutMs ?? 120_000,
    idle_in_transaction_session_timeout: 60_000,
    keepAlive: true,
  });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

/**
 * A Kysely instance over a fresh pool; `db.destroy()` closes the pool.
 *
 * @example
 * const db = createDb(databaseUrl());
 * const n = await db.selectFrom('trades').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
 */
export function createDb(url: string, options: ConnectOptions = {}): Kysely<Database> {
  const pool = createPool(url, options);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  POOLS.set(db, pool);
  return db;
}

/** The pool behind each Kysely that createDb made, for the work Kysely cannot do (streaming COPY). */
const POOLS = new WeakMap<Kysely<Database>, pg.Pool>();

/** The node-postgres pool behind a Kysely made by createDb; undefined for any other (the embedded PGlite). */
export function poolBehind(db: Kysely<Database>): pg.Pool | undefined {
  return POOLS.get(db);
}

/**
 * A Kysely whose every query runs on one checked-out client, so inside whatever transaction the caller
 * opened on it; releasing the client stays the caller's job.
 */
export function kyselyOnClient(client: pg.PoolClient): Kysely<Database> {
  const borrowed = { query: client.query.bind(client), release: () => undefined };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: { connect: async () => borrowed, end: async () => undefined } }) });
}

/** The name of the database a URL points at. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Creates the database a URL names when it is missing (connecting to the server's `postgres` database to do it). */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const name = databaseName(url);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const client = new pg.Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created meanwhile by another process
      });
    }
  } finally {
    await client.end();
  }
}

/** Describes a connection failure in one line, without the password. */
export function describeDatabaseError(err: unknown, url: string): string {
  const safe = new URL(url);
  if (safe.password) safe.password = '***';
  const message = err instanceof Error ? err.message || err.name : String(err);
  const code = (err as { code?: string }).code;
  const hint =
    code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT'
      ? 'is PostgreSQL running there? Set DATABASE_URL to a reachable server'
      : code === '28P01' || code === '28000'
        ? 'check the user and password in DATABASE_URL'
        : code === '3D000'
          ? 'the database does not exist; run `kronos db migrate` to create it'
          : 'check DATABASE_URL';
  return `cannot use PostgreSQL at ${safe.toString()}: ${message} (${hint})`;
}
