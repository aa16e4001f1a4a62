/**
 * Similar conditions: among the k past episodes whose environment is nearest to today's, did a config
 * the strategy ran before do better than the live one? Each config seen among the neighbours is tested
 * against the live config's neighbour episodes (Welch, one-sided, an episode's mean return per trade as
 * one observation, so trades of one period count once); the run's multiple-testing control decides
 * which become findings. A sibling strategy (one whose live config sets a knob of the same name) is
 * compared within itself the same way, among its episodes nearest to this strategy's today: a config of
 * the sibling's that beat the sibling's live one there, with knob values this strategy does not run,
 * is a transfer to try. Neighbours are observational: the finding asks for an experiment, never a live
 * change. See docs/similar-conditions.md.
 */
import { makeCell, insufficient, MIN_SAMPLE, type DiagnosticCell } from './cell.js';
import { welchTTest } from '../stats/welch-t-test.js';

/** One past episode as a neighbour query returns it. */
export interface EpisodeOutcome {
  episode_id: string;
  strategy_id: string;
  config_version_id: string;
  config_key: string;
  regime_label: string | null;
  period_start: string;
  n: number;
  mean_return: number;
  se_mean_return: number | null;
  sharpe: number | null;
  se_sharpe: number | null;
  hit_rate: number | null;
  se_hit_rate: number | null;
  max_drawdown: number;
  /** Distance to today's environment in the standardised space. */
  distance: number;
}

/** One strategy's episodes nearest to a point, and the configs they ran. */
export interface SiblingNeighbours {
  strategy_id: string;
  live_config_version_id: string;
  live_config_key: string;
  /** Nearest first. */
  neighbours: EpisodeOutcome[];
  /** Config key → its config_json and the versions that had it (newest first). */
  configs: Record<string, { config_json: unknown; config_version_ids: string[] }>;
}

export interface StrategyNeighbours extends SiblingNeighbours {
  /** The episode whose environment is today's. */
  now: { episode_id: string; period_start: string; regime_label: string | null };
  /** Strategies whose live config sets a knob of the same name, with their own episodes nearest to this strategy's today. */
  siblings: SiblingNeighbours[];
}

export interface SimilarConditions {
  k: number;
  strategies: StrategyNeighbours[];
}

/** A config's outcome over its neighbour episodes. */
export interface ConfigOutcome {
  config_key: string;
  config_version_id: string;
  episodes: number;
  trades: number;
  /** Mean over the episodes of their mean return per trade. */
  mean_return: number;
  nearest_distance: number;
}

/**
 * Each config's outcome among one strategy's neighbours, best mean return first; a config is named by
 * its newest version in `configs` when known.
 *
 * @example
 * outcomesByConfig(strategy.neighbours, strategy.configs)[0].config_version_id; // the config that did best in conditions like today's
 */
export function outcomesByConfig(neighbours: readonly EpisodeOutcome[], configs: StrategyNeighbours['configs'] = {}): ConfigOutcome[] {
  const groups = new Map<string, EpisodeOutcome[]>();
  for (const e of neighbours) groups.set(e.config_key, [...(groups.get(e.config_key) ?? []), e]);
  return [...groups.entries()]
    .map(([key, episodes]) => ({
      config_key: key,
      config_version_id: configs[key]?.config_version_ids[0] ?? episodes[0].config_version_id,
      episodes: episodes.length,
      trades: episodes.reduce((n, e) => n + e.n, 0),
      mean_return: episodes.reduce((s, e) => s + e.mean_return, 0) / episodes.length,
      nearest_distance: Math.min(...episodes.map((e) => e.distance)),
    }))
    .sort((a, b) => b.mean_return - a.mean_return || a.config_key.localeCompare(b.config_key));
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The keys of `candidate` that differ from `live` (top level, and within `knobs` and `sizing`), with
 * the candidate's values: what an experiment has to set.
 *
 * @example
 * configOverrides({ knobs: { z: 2.5, l: 20 } }, { knobs: { z: 1.5, l: 20 } }); // { knobs: { z: 2.5 } }
 */
export function configOverrides(candidate: unknown, live: unknown): Record<string, unknown> {
  const c = objectOf(candidate);
  const l = objectOf(live);
  const overrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(c)) {
    if (key === 'knobs' || key === 'sizing') {
      const inner = Object.fromEntries(Object.entries(objectOf(value)).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(objectOf(l[key])[k])));
      if (Object.keys(inner).length > 0) overrides[key] = inner;
    } else if (JSON.stringify(value) !== JSON.stringify(l[key])) overrides[key] = value;
  }
  return overrides;
}

/**
 * What the strategy would set to make the change a sibling's comparison measured: the sibling's
 * `candidate` config against its own live one. Only a change made of knobs alone, every one of which
 * the strategy sets at another value, can be made whole; any other (a change of `entry_threshold` or
 * `sizing` too, a knob the strategy lacks or already runs at the candidate's value) would try a part
 * of the change for the effect of the whole, so nothing is set.
 *
 * @example
 * knobOverrides({ knobs: { z: 2.5, w: 3 } }, { knobs: { z: 1.5, w: 3 } }, { knobs: { z: 1.0 } }); // { knobs: { z: 2.5 } }
 */
export function knobOverrides(candidate: unknown, siblingLive: unknown, live: unknown): Record<string, unknown> {
  const { knobs: changed, ...otherChanges } = configOverrides(candidate, siblingLive);
  const ours = objectOf(objectOf(live).knobs);
  const knobs = objectOf(changed);
  const whole =
    Object.keys(otherChanges).length === 0 &&
    Object.keys(knobs).length > 0 &&
    Object.entries(knobs).every(([k, v]) => k in ours && JSON.stringify(v) !== JSON.stringify(ours[k]));
  return whole ? { knobs } : {};
}

function describe(e: EpisodeOutcome): string {
  return `${e.episode_id} (distance ${e.distance.toFixed(3)}, ${e.regime_label ?? 'unknown regime'}, mean ${(e.mean_return * 100).toFixed(2)} %, n=${e.n})`;
}

/**
 * Each config of `pool` (the strategy itself, or a sibling) among its neighbours against the pool's own
 * live config there: the comparison stays within one strategy, and `overrides` says what the strategy
 * would set to try that config.
 */
function comparisonCells(
  strategy: StrategyNeighbours,
  pool: SiblingNeighbours,
  k: number,
  overrides: (configJson: unknown) => Record<string, unknown>,
): DiagnosticCell[] {
  const live = pool.neighbours.filter((e) => e.config_key === pool.live_config_key);
  const sibling: Record<string, string> = pool.strategy_id === strategy.strategy_id ? {} : { sibling_strategy_id: pool.strategy_id };
  return outcomesByConfig(pool.neighbours, pool.configs)
    .filter((o) => o.config_key !== pool.live_config_key)
    .flatMap((o) => {
      const setting = overrides(pool.configs[o.config_key]?.config_json);
      // A sibling's config whose knob values the strategy already runs has nothing to try.
      if ('sibling_strategy_id' in sibling && Object.keys(setting).length === 0) return [];
      const theirs = pool.neighbours.filter((e) => e.config_key === o.config_key);
      const base = makeCell({
        section: 'similar_conditions',
        kind: 'CONFIG_BETTER_IN_SIMILAR_CONDITIONS',
        subject: { strategy_id: strategy.strategy_id, ...sibling, config_version_id: o.config_version_id },
        metric: 'mean_return_diff',
        n: o.trades + live.reduce((n, e) => n + e.n, 0),
        value: o.mean_return,
        baseline: live.length > 0 ? live.reduce((s, e) => s + e.mean_return, 0) / live.length : NaN,
        regimes_covered: [...new Set(theirs.map((e) => e.regime_label ?? 'unknown'))].sort(),
        extra: {
          ...sibling,
          live_config_version_id: pool.live_config_version_id,
          now_episode_id: strategy.now.episode_id,
          now_regime_label: strategy.now.regime_label,
          k,
          episodes: o.episodes,
          live_episodes: live.length,
          trades: o.trades,
          live_trades: live.reduce((n, e) => n + e.n, 0),
          config_overrides: JSON.stringify(setting),
          neighbours: theirs.map(describe).join('; '),
          live_neighbours: live.map(describe).join('; '),
        },
      });
      const tooFew = [theirs, live].find((side) => side.length < MIN_SAMPLE.clusters || side.reduce((n, e) => n + e.n, 0) < MIN_SAMPLE.trades);
      if (tooFew) return [insufficient(base, `fewer than ${MIN_SAMPLE.clusters} neighbour episodes or ${MIN_SAMPLE.trades} trades on a side`)];
      const test = welchTTest(
        theirs.map((e) => e.mean_return),
        live.map((e) => e.mean_return),
        { alternative: 'greater' },
      );
      return [{ ...base, status: 'tested' as const, effect: test.diff, ci: test.ci, p: test.p, extra: { ...base.extra, df: test.df } }];
    });
}

/** The cells of one strategy: its own other configs against its live one, then each sibling's against the sibling's live one. */
function strategyCells(strategy: StrategyNeighbours, k: number): DiagnosticCell[] {
  const liveConfig = strategy.configs[strategy.live_config_key]?.config_json;
  return [
    ...comparisonCells(strategy, strategy, k, (c) => configOverrides(c, liveConfig)),
    ...strategy.siblings.flatMap((sibling) =>
      comparisonCells(strategy, sibling, k, (c) => knobOverrides(c, sibling.configs[sibling.live_config_key]?.config_json, liveConfig)),
    ),
  ];
}

/**
 * The similar_conditions section: one cell per strategy and config seen among its k nearest episodes
 * other than the live one.
 *
 * @example
 * similarConditionsSection(aggregates.similar_conditions); // [{ kind: 'CONFIG_BETTER_IN_SIMILAR_CONDITIONS', p: 0.001, … }]
 */
export function similarConditionsSection(similar: SimilarConditions | undefined): DiagnosticCell[] {
  return (similar?.strategies ?? []).flatMap((s) => strategyCells(s, similar?.k ?? 0));
}
