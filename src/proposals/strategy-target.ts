/** The strategy a `TYPE:ID` target names: the episodes (similar conditions) are kept per strategy. Plain values only (the CLI declarations import it). */

/** Target types whose target_id is a strategy_id: their episodes are the strategy's. */
const STRATEGY_TARGETS = ['STRATEGY_CONFIG', 'EXPERIMENT'];

/**
 * The strategy a `TYPE:ID` target names, or why it names none (episodes are kept per strategy).
 *
 * @example
 * strategyOfTarget('STRATEGY_CONFIG:stat_arb'); // { strategyId: 'stat_arb' }
 */
export function strategyOfTarget(target: string): { strategyId: string } | { error: string } {
  const [type, ...rest] = target.split(':');
  const id = rest.join(':');
  if (!STRATEGY_TARGETS.includes(type) || id === '') {
    return { error: `expected a target such as STRATEGY_CONFIG:stat_arb (episodes are kept per strategy: ${STRATEGY_TARGETS.join(' or ')}), got '${target}'` };
  }
  return { strategyId: id };
}
