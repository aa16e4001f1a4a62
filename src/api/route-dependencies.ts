/** What the routes need from the server, with the server's optional parts filled in. */
import type { KeyObject } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface RouteDependencies {
  db: Kysely<Database>;
  temporal: Client;
  taskQueue: string;
  /** Signs decisions for the callers' identities (null: unsigned). */
  signingKey: KeyObject | null;
}
