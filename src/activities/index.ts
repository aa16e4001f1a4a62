/** Every activity of the Kronos worker, bound to its dependencies. */
import { createAnalysisActivities } from './analysis.js';
import { createApprovalActivities } from './approval.js';
import { createBlackSwanActivities } from './black-swan.js';
import { createDecisionIdentityActivities } from './decision-identity.js';
import type { ActivityDeps } from './deps.js';
import { createNotificationActivities } from './notifications.js';
import { createRationaleActivities } from './rationale.js';

export type { ActivityDeps } from './deps.js';

/**
 * The activities the worker registers; workflows proxy them by name (`KronosActivities`).
 *
 * @example
 * Worker.create({ ..., activities: createActivities({ db, llm: llmSettings(loadEnv()) }) });
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createAnalysisActivities(deps),
    ...createApprovalActivities(deps),
    ...createBlackSwanActivities(deps),
    ...createDecisionIdentityActivities(deps),
    ...createNotificationActivities(deps),
    ...createRationaleActivities({ db: deps.db, llm: deps.llm }),
  };
}

export type KronosActivities = ReturnType<typeof createActivities>;
