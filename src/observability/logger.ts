/**
 * Structured logs: one JSON object per line with `time` (ISO 8601, UTC), `level` (a name), `msg` and the
 * call's fields, so a log shipper can index them without parsing prose.
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import { type KronosEnv, loadEnv } from '../config.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** `trace` … `error`; KRONOS_LOG_LEVEL when omitted. */
  level?: string;
  /** Fields on every line, e.g. `{ service: 'api' }`. */
  fields?: Record<string, unknown>;
  /** Where the lines go; stdout when omitted. */
  destination?: DestinationStream;
}

/**
 * Creates a JSON-lines logger.
 *
 * @example
 * const log = createLogger({ fields: { service: 'api' } });
 * log.info({ proposalId: 'p-1', by: 'alice' }, 'proposal approved');
 * // {"level":"info","time":"2026-01-05T06:00:00.000Z","service":"api","proposalId":"p-1","by":"alice","msg":"proposal approved"}
 */
export function createLogger(options: LoggerOptions = {}, env: KronosEnv = loadEnv()): Logger {
  return pino(
    {
      level: options.level ?? env.KRONOS_LOG_LEVEL.toLowerCase(),
      base: options.fields ?? null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
