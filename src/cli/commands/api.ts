/**
 * `kronos api`: serves the HTTP API and the review page against PostgreSQL and Temporal until Ctrl-C.
 * The embedded database lives inside one process, so it is used by `kronos dev` only; here DATABASE_URL
 * (or the local server) must be reachable.
 */
import type { Command } from 'commander';
import { positiveInteger } from '../options.js';
import type { ApiOptions } from '../actions/api.js';

export function registerApiCommand(program: Command): void {
  program
    .command('api')
    .description('serve the HTTP API and the review page (tokens from KRONOS_API_TOKENS or KRONOS_API_TOKENS_FILE) until Ctrl-C')
    .option('--port <port>', 'port to listen on (default: KRONOS_API_PORT, else 8080)', positiveInteger)
    .option('--host <host>', 'address to listen on (default: KRONOS_API_HOST, else 127.0.0.1)')
    .action(async (opts: ApiOptions) => {
      const { serveApi } = await import('../actions/api.js');
      await serveApi(opts);
    });
}
