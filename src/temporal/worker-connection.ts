/** The native connection a worker polls through, with the same settings and errors as a client's (connection.ts). */
import { NativeConnection } from '@temporalio/worker';
import { temporalTarget, unreachableError } from './connection.js';

/**
 * Connects following the TEMPORAL_* settings (the local dev server by default).
 *
 * @example
 * const { connection, namespace } = await connectWorker();
 */
export async function connectWorker(overrideAddress?: string): Promise<{ connection: NativeConnection; namespace: string }> {
  const target = temporalTarget(overrideAddress);
  try {
    const connection = await NativeConnection.connect(target.connectionOptions);
    return { connection, namespace: target.namespace };
  } catch (err) {
    throw unreachableError(target, err);
  }
}
