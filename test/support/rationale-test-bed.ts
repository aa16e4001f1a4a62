/**
 * What every rationale integration test file needs: a throwaway database and a fake OpenAI-compatible
 * server, started before the file's tests and removed after them.
 */
import { after, before } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { type FakeOpenAiServer, startFakeOpenAiServer } from './fake-openai-server.js';

export interface RationaleTestBed {
  readonly db: Kysely<Database>;
  readonly server: FakeOpenAiServer;
}

/**
 * Registers the file's before/after hooks and returns the bed, usable once the tests run.
 *
 * @example
 * const bed = rationaleTestBed();
 * test('…', async () => { await insertProposal(bed.db); bed.server.script(jsonReply(…)); });
 */
export function rationaleTestBed(): RationaleTestBed {
  let testDb: TestDatabase | undefined;
  let server: FakeOpenAiServer | undefined;
  before(async () => {
    [testDb, server] = await Promise.all([createTestDatabase(), startFakeOpenAiServer()]);
  });
  after(async () => {
    await Promise.all([testDb?.drop(), server?.close()]);
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the rationale test bed is used before its before() hook ran');
    return value;
  };
  return {
    get db() {
      return ready(testDb).db;
    },
    get server() {
      return ready(server);
    },
  };
}
