/** The workflow of the telemetry probe: one activity, so the runtime has workflow and activity metrics to export. */
import { proxyActivities } from '@temporalio/workflow';

const { ping } = proxyActivities<{ ping(): Promise<string> }>({ startToCloseTimeout: '10s' });

export async function pingWorkflow(): Promise<string> {
  return ping();
}
