/** `kronos api`: the HTTP API and the review page, served until SIGINT or SIGTERM. */
import { startApiServer } from '../../api/server.js';
import { loadApiSettings } from '../../api/settings.js';
import { ConfigError } from '../../config.js';
import { connectClient } from '../../temporal/connection.js';
import { withDatabase } from '../database.js';

export interface ApiOptions {
  port?: number;
  host?: string;
}

/** Resolves at the first SIGINT or SIGTERM. */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });
}

export async function serveApi(opts: ApiOptions): Promise<void> {
  const configured = loadApiSettings();
  const settings = { ...configured, port: opts.port ?? configured.port, host: opts.host ?? configured.host };
  if (settings.tokens.size === 0) {
    throw new ConfigError('no API tokens configured: set KRONOS_API_TOKENS=token=identity,… or KRONOS_API_TOKENS_FILE to a JSON file {"token": "identity"}');
  }
  await withDatabase({}, async (db) => {
    const temporal = await connectClient();
    try {
      const api = await startApiServer({ db, temporal, settings });
      console.error(`kronos api listening on ${api.url} (review page ${api.url}/review/, OpenAPI ${api.url}/openapi.json)`);
      if (!settings.signingKey)
        console.error('kronos api: no KRONOS_API_SIGNING_KEY_FILE: decisions go unsigned, and targets whose policy says identity "signed" refuse them');
      await untilStopped();
      await api.close();
    } finally {
      await temporal.connection.close();
    }
  });
}
