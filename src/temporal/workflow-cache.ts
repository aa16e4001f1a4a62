/**
 * How many workflows the worker keeps in its sticky cache, from the memory it may use. A cached workflow
 * answers its next task without replaying its history; an evicted one replays it first (a few
 * milliseconds for an approval's short history). Without a bound the SDK sizes the cache from the V8
 * heap limit (about 2,300 on a 4 GiB heap), and a worker with thousands of long-waiting approvals grows
 * until the machine runs out of memory.
 */

/** Resident memory of a worker with an empty cache: bundled workflows, SDK core, connections. */
export const WORKER_BASE_MIB = 400;
/**
 * Resident memory per cached approval workflow (its isolate context, state and pending timers), as
 * measured by bench/approvals.bench.ts (worker RSS against the number of cached workflows).
 */
export const CACHED_WORKFLOW_MIB = 0.5;
/** The SDK's floor: below two, sticky execution is refused. */
const MIN_CACHED = 2;

/**
 * The sticky cache size a memory budget allows: what is left after the worker's base, per cached workflow.
 *
 * @example
 * maxCachedWorkflowsFor(1024); // 1248
 */
export function maxCachedWorkflowsFor(memoryBudgetMiB: number): number {
  if (!Number.isFinite(memoryBudgetMiB) || memoryBudgetMiB <= WORKER_BASE_MIB) {
    throw new RangeError(`the worker's memory budget must exceed its base of ${WORKER_BASE_MIB} MiB, got ${memoryBudgetMiB} MiB`);
  }
  return Math.max(MIN_CACHED, Math.floor((memoryBudgetMiB - WORKER_BASE_MIB) / CACHED_WORKFLOW_MIB));
}
