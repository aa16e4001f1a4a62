/**
 * A config the strategy ran before did better than the live one in the past episodes nearest to today's
 * environment: propose an EXPERIMENT that paper-trades the live config with that config's differing
 * values, now, in these conditions. Neighbours are observational (the configs were not assigned at
 * random), so this never changes a live config. A sibling strategy's config that beat the sibling's own
 * live one there is proposed the same way with its knob values (a transfer, said to be one). When several
 * configs did better, the strategy's own come before its siblings', then the one that differs from the
 * live config in the fewest values (the minimal change), then the larger effect.
 */
import type { Finding } from '../../analysis/findings.js';
import { experimentImpact } from '../expected-impact.js';
import type { ProposalRule } from './rule.js';
import { copyConfig, percent } from './shared.js';

/** Shortest paper-trading period an experiment asks for. */
const MIN_PERIOD_DAYS = 30;

function overridesOf(f: Finding): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(String(f.extra.config_overrides ?? ''));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.keys(parsed).length > 0
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Values an override sets: a nested object counts each of its keys. */
function changedValues(overrides: Record<string, unknown>): number {
  return Object.values(overrides).reduce<number>((n, v) => n + (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.keys(v).length : 1), 0);
}

export const similarConditionsRule: ProposalRule = {
  kind: 'SIMILAR_CONDITIONS_EXPERIMENT',
  findingKinds: ['CONFIG_BETTER_IN_SIMILAR_CONDITIONS'],
  targetType: 'EXPERIMENT',
  locate: (finding) => (finding.subject.strategy_id ? { target_id: finding.subject.strategy_id } : { skip: 'the finding names no strategy_id' }),
  propose(findings, target, ctx) {
    const candidates = findings
      .map((f) => ({ f, overrides: overridesOf(f) }))
      .filter((c): c is { f: Finding; overrides: Record<string, unknown> } => c.overrides !== null)
      .sort(
        (a, b) =>
          Number(a.f.subject.sibling_strategy_id !== undefined) - Number(b.f.subject.sibling_strategy_id !== undefined) ||
          changedValues(a.overrides) - changedValues(b.overrides) ||
          b.f.effect - a.f.effect ||
          a.f.id.localeCompare(b.f.id),
      );
    if (candidates.length === 0) return { skip: 'the better configs differ from the live one in nothing an experiment can set' };
    const { f, overrides } = candidates[0];
    const strategyId = f.subject.strategy_id;
    const versionId = f.subject.config_version_id;
    const live = String(f.extra.live_config_version_id ?? 'the live config');
    const sibling = f.subject.sibling_strategy_id;
    const comparison =
      sibling === undefined
        ? `config ${versionId} earned ${percent(f.value)} per trade over ${f.extra.episodes} episodes against ${percent(f.baseline)} for the live ${live} over ${f.extra.live_episodes}`
        : `its sibling ${sibling} (a strategy with knobs of the same names), in its own ${f.extra.k} episodes nearest to that environment, earned ${percent(f.value)} per trade with config ${versionId} over ${f.extra.episodes} episodes against ${percent(f.baseline)} with its live ${live} over ${f.extra.live_episodes}`;
    const config = {
      ...copyConfig(target),
      kind: 'PAPER_TRADE',
      config_overrides: overrides,
      period_days: Math.max(MIN_PERIOD_DAYS, Math.round(ctx.windowDays)),
      hypothesis:
        `For strategy ${strategyId}: in the ${f.extra.k} past episodes nearest to today's environment (${f.extra.now_regime_label ?? 'unknown regime'}), ` +
        `${comparison} ` +
        `(difference ${percent(f.effect)}, 95 % interval ${percent(f.ci[0])} to ${percent(f.ci[1])}, q=${f.q.toPrecision(2)}). ` +
        `Its episodes: ${f.extra.neighbours}. The live config's: ${f.extra.live_neighbours}. ` +
        `The configs were not assigned at random${sibling === undefined ? '' : ', and what worked for the sibling may not carry over'}: ` +
        `paper trading ${JSON.stringify(overrides)} now tells whether it does better in these conditions.`,
    };
    return {
      proposed: config,
      basis: [f],
      summary: `paper-trade ${strategyId} with ${sibling === undefined ? '' : `sibling ${sibling}'s `}${versionId}'s values ${JSON.stringify(overrides)}, which did better in conditions like today's`,
      impact: experimentImpact(strategyId, ctx.policy.evaluation_period),
    };
  },
};
