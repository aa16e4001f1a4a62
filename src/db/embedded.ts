/**
 * The database Kronos runs on: PostgreSQL when DATABASE_URL is set or a server answers at the default
 * address, otherwise an embedded PostgreSQL (PGlite, WebAssembly, in this process) whose data is kept in
 * the project's `.kronos/pglite` folder, so a newcomer without a PostgreSQL server can still run Kronos.
 *
 * PGlite is one connection inside one process: everything that uses the embedded database (the API, the
 * worker's activities) must share the handle this returns, in the same process.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { Kysely, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { ConfigError, DEFAULT_DATABASE_URL, type KronosEnv } from '../config.js';
import { createDb, describeDatabaseError, ensureDatabaseExists } from './connection.js';
import type { Database } from './schema.js';

/** Where the embedded database keeps its files unless told otherwise (gitignored). */
export const DEFAULT_EMBEDDED_DIR = fileURLToPath(new URL('../../.kronos/pglite', import.meta.url));

/** Errors that mean nothing listens at the address (as opposed to a server that answers and refuses). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

export interface OpenedDatabase {
  db: Kysely<Database>;
  kind: 'postgres' | 'embedded';
  /** The PostgreSQL URL (kind `postgres`). */
  url?: string;
  /** The folder of the data files (kind `embedded`). */
  dataDir?: string;
  /** Where the data is, for people: the URL without its password, or the folder. */
  location: string;
  /** Closes the pool or the embedded database. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** The server tried when DATABASE_URL is unset; {@link DEFAULT_DATABASE_URL} when omitted. */
  defaultUrl?: string;
  /** Folder for the embedded database's files; {@link DEFAULT_EMBEDDED_DIR} when omitted. */
  embeddedDir?: string;
  /** How long the default address gets to answer before Kronos falls back to the embedded database. */
  probeTimeoutMs?: number;
  /** Told why the embedded database is used, when it is. */
  log?: (line: string) => void;
}

/** The URL with its password masked, for messages. */
function safeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** True when a PostgreSQL server answers at the URL's host and port, whatever it then says (wrong password, no such database). */
export async function postgresAnswers(url: string, timeoutMs = 2_000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch (err) {
    const code = (err as { code?: string }).code;
    const timedOut = err instanceof Error && /timeout/i.test(err.message);
    return !(timedOut || (code !== undefined && UNREACHABLE_CODES.has(code)));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * PGlite runs parameterless statements through the simple-query protocol (exec), which accepts several
 * statements at once, as node-postgres does: the migrations are multi-statement SQL.
 */
function withSimpleQueries(lite: PGlite): PGlite {
  return new Proxy(lite, {
    get(target, property) {
      if (property === 'query') {
        return async (query: string, params: unknown[] = [], options?: Parameters<PGlite['query']>[2]) => {
          if (params.length > 0) return target.query(query, params, options);
          const results = await target.exec(query, options);
          return results.at(-1) ?? { rows: [], fields: [] };
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Opens (creating when missing) an embedded database in `dataDir`. The first open of a new folder takes
 * several seconds (it initialises a cluster); later opens take about one.
 *
 * @example
 * const handle = await openEmbeddedDatabase('/tmp/kronos-pglite');
 * await migrateToLatest(handle.db);
 * await handle.close();
 */
export async function openEmbeddedDatabase(dataDir: string): Promise<OpenedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  let lite: PGlite;
  try {
    lite = await PGlite.create(dataDir, { extensions: { cube } }); // the episodes' nearest-neighbour index (migration 0009)
  } catch (err) {
    throw new ConfigError(
      `cannot open the embedded database in ${dataDir}: ${err instanceof Error ? err.message : String(err)} (is another Kronos process using it?)`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(withSimpleQueries(lite)) });
  return { db, kind: 'embedded', dataDir, location: dataDir, close: () => db.destroy() };
}

/**
 * The database to run on: DATABASE_URL when set (created when missing; an unreachable one is an error);
 * else the local server at the default address when it answers; else the embedded database. Migrating is
 * the caller's (`migrateToLatest(handle.db)`).
 *
 * @example
 * const handle = await openDatabase(loadEnv());
 * console.log(handle.kind === 'embedded' ? `embedded PostgreSQL in ${handle.dataDir}` : handle.url);
 */
export async function openDatabase(env: KronosEnv, options: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  const url = env.DATABASE_URL ?? options.defaultUrl ?? DEFAULT_DATABASE_URL;
  if (!env.DATABASE_URL && !(await postgresAnswers(url, options.probeTimeoutMs))) {
    const dataDir = options.embeddedDir ?? DEFAULT_EMBEDDED_DIR;
    const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
    options.log?.(
      `no PostgreSQL answers at ${safeUrl(url)} and DATABASE_URL is unset: using the embedded PostgreSQL (PGlite) in ${dataDir}${fresh ? ' (creating it: the first start takes a while)' : ''}`,
    );
    return openEmbeddedDatabase(dataDir);
  }
  let db: Kysely<Database> | undefined;
  try {
    await ensureDatabaseExists(url);
    db = createDb(url, { statementTimeoutMs: env.KRONOS_DB_STATEMENT_TIMEOUT_MS, connectTimeoutMs: env.KRONOS_DB_CONNECT_TIMEOUT_MS });
    await sql`SELECT 1`.execute(db);
  } catch (err) {
    await db?.destroy();
    throw new ConfigError(describeDatabaseError(err, url));
  }
  const handle = db;
  return { db: handle, kind: 'postgres', url, location: safeUrl(url), close: () => handle.destroy() };
}
