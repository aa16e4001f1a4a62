/**
 * The bare Temporal baseline of the approvals benchmark: the least an approval can be on the platform.
 * The workflow waits for an `approve` update, whose handler runs one activity (one PostgreSQL write)
 * and returns once it has committed, as Kronos' approve update returns once the apply has committed.
 */
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BareActivities } from './activities.js';

export const approve = defineUpdate<string, [string]>('approve');

const { recordApproval } = proxyActivities<BareActivities>({ startToCloseTimeout: '30s' });

export async function bareApprovalWorkflow(id: string): Promise<string> {
  let outcome: string | undefined;
  setHandler(approve, async (by) => {
    outcome = await recordApproval(id, by);
    return outcome;
  });
  await condition(() => outcome !== undefined);
  return outcome as string;
}
