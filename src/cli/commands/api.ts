/**
 * `kronos api`: serves the HTTP API and the review page against PostgreSQL and Temporal until Ctrl-C.
 * The embedded database lives inside one process, so it is used by `kronos dev` only; here DATABASE_URL
 * (or the local server) must be reachable.
 */
import type { Command } from 'commander';
import { loadApiSettings } from '../../api/settings.js';
import { ConfigError } from '../../config.js';
import { connectClient } from '../../temporal/connection.js';
import { withDatabase } from '../database.js';
import { positiveInteger } from '../options.js';

/** Resolves at the first SIGINT or SIGTERM. */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });
}

export function registerApiCommand(program: Command): void {
  program
    .command('api')
    .description('serve the HTTP API and the review page (tokens from KRONOS_API_TOKENS or KRONOS_API_TOKENS_FILE) until Ctrl-C')
    .option('--port <port>', 'port to listen on (default: KRONOS_API_PORT, else 8080)', positiveInteger)
    .option('--host <host>', 'address to listen on (default: KRONOS_API_HOST, else 127.0.0.1)')
    .action(async (opts: { port?: number; host?: string }) => {
      const configured = loadApiSettings();
      const settings = { ...configured, port: opts.port ?? configured.port, host: opts.host ?? configured.host };
      if (settings.tokens.size === 0) {
        throw new ConfigError('no API tokens configured: set KRONOS_API_TOKENS=token=identity,… or KRONOS_API_TOKENS_FILE to a JSON file {"token": "identity"}');
      }
      // Loaded on use: fastify and the routes are heavy for the other commands.
      const { startApiServer } = await import('../../api/server.js');
      await withDatabase({}, async (db) => {
        const temporal = await connectClient();
        try {
          const api = await startApiServer({ db, temporal, settings });
          console.error(`kronos api listening on ${api.url} (review page ${api.url}/review/, OpenAPI ${api.url}/openapi.json)`);
          await untilStopped();
          await api.close();
        } finally {
          await temporal.connection.close();
        }
      });
    });
}
