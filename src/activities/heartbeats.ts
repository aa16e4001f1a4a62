/**
 * Heartbeats for long activities: the latest progress is sent on a timer as well as on each report, so
 * a long SQL statement without progress callbacks still tells Temporal the worker is alive, and a dead
 * worker is noticed after the heartbeat timeout.
 */
import { Context } from '@temporalio/activity';

const HEARTBEAT_EVERY_MS = 2_000;

/**
 * Runs `work` with a `report(progress)` callback and heartbeats until it settles.
 *
 * @example
 * const aggregates = await withHeartbeats((report) => aggregate(db, window, { onProgress: report }));
 */
export async function withHeartbeats<T>(work: (report: (progress: unknown) => void) => Promise<T>): Promise<T> {
  const context = Context.current();
  let latest: unknown;
  context.heartbeat(latest);
  const timer = setInterval(() => context.heartbeat(latest), HEARTBEAT_EVERY_MS);
  try {
    return await work((progress) => {
      latest = progress;
      context.heartbeat(progress);
    });
  } finally {
    clearInterval(timer);
  }
}
