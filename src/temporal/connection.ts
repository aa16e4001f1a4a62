/**
 * Connections to Temporal following the @temporalio/envconfig conventions (TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TLS settings, or a profile file); the local dev server otherwise.
 * The worker's native connection is in worker-connection.ts, so that a client does not load the worker SDK.
 */
import { Client, Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { ConfigError } from '../config.js';

export const DEFAULT_DEV_ADDRESS = '127.0.0.1:7233';

export interface TemporalTarget {
  address: string;
  namespace: string;
  connectionOptions: ReturnType<typeof loadClientConnectConfig>['connectionOptions'];
}

/** Where to connect: the envconfig settings, with the dev server's address as the default. */
export function temporalTarget(overrideAddress?: string): TemporalTarget {
  const config = loadClientConnectConfig();
  const address = overrideAddress ?? config.connectionOptions.address ?? DEFAULT_DEV_ADDRESS;
  return { address, namespace: config.namespace ?? 'default', connectionOptions: { ...config.connectionOptions, address } };
}

/** The one line an unreachable server fails with. */
export function unreachableError(target: TemporalTarget, err: unknown): ConfigError {
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return new ConfigError(
    `cannot reach Temporal at ${target.address} (namespace ${target.namespace}): ${message}; start it with \`npm start\` or set TEMPORAL_ADDRESS to a running cluster`,
  );
}

/** A client for starting workflows, sending updates and managing schedules. */
export async function connectClient(overrideAddress?: string): Promise<Client> {
  const target = temporalTarget(overrideAddress);
  try {
    const connection = await Connection.connect({ ...target.connectionOptions, connectTimeout: 5_000 });
    return new Client({ connection, namespace: target.namespace });
  } catch (err) {
    throw unreachableError(target, err);
  }
}
