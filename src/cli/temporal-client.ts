/** Opens a Temporal client for one CLI command and closes its connection afterwards. */
import type { Client } from '@temporalio/client';
import { connectClient } from '../temporal/connection.js';

/**
 * Connects following the TEMPORAL_* settings (the local dev server by default); an unreachable server
 * fails with one line.
 *
 * @example
 * await withTemporalClient((client) => client.workflow.getHandle('proposal-p1').describe());
 */
export async function withTemporalClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = await connectClient();
  try {
    return await fn(client);
  } finally {
    await client.connection.close();
  }
}
