/** `kronos black-swan watch status|pause|resume`: the black-swan watch schedule in Temporal. */
import { blackSwanWatchStatus, setBlackSwanWatchPaused } from '../../temporal/black-swan-watch-schedule.js';
import { withTemporalClient } from '../temporal-client.js';

export type WatchControl = 'pause' | 'resume';

export interface WatchControlOptions {
  by?: string;
  reason?: string;
}

export async function showWatchStatus(scheduleId: string, opts: { json?: boolean }): Promise<void> {
  const status = await withTemporalClient((client) => blackSwanWatchStatus(client, scheduleId));
  if (opts.json) {
    console.log(JSON.stringify(status, null, 2));
    return;
  }
  const every = status.intervalMs === undefined ? 'an unknown interval' : `${status.intervalMs / 1000}s`;
  console.log(`black-swan watch ${status.scheduleId}: ${status.paused ? 'PAUSED' : 'active'}, looking every ${every}${status.note ? ` (${status.note})` : ''}`);
  console.log(`  next looks: ${status.nextLooks.slice(0, 3).join(', ') || 'none'}`);
  for (const look of status.recentLooks) {
    const started = look.started === undefined ? 'running or failed' : look.started.length ? `started ${look.started.join(', ')}` : 'nothing due';
    console.log(`  looked ${look.at}: ${started}`);
  }
}

export async function controlWatch(scheduleId: string, control: WatchControl, opts: WatchControlOptions): Promise<void> {
  const note = `${control === 'pause' ? 'paused' : 'resumed'} with kronos black-swan watch ${control}${opts.by ? ` by ${opts.by}` : ''}${opts.reason ? `: ${opts.reason}` : ''}`;
  await withTemporalClient((client) => setBlackSwanWatchPaused(client, control === 'pause', note, scheduleId));
  console.log(`black-swan watch ${control === 'pause' ? 'paused' : 'resumed'}`);
}
