/**
 * Which config knobs matter: for each knob of a strategy's config (config_json.knobs of the version in
 * force per trade), whether its level moves the trade's outcome given the regime AND the levels of the
 * strategy's other knobs, with permutation p-values that shuffle the knob's level within those strata.
 * Two outcomes are tested, since a knob may change how often a trade wins or how much it makes: the
 * conditional mutual information between the level and a win (return > 0), and the between-level
 * variance of the mean return (between-level-variance.ts), combined into one min-p permutation test. Conditioning on the other knobs keeps a
 * knob that merely changed alongside one that matters from taking its credit. Knobs whose levels always
 * moved together cannot be told apart: they are tested jointly and reported as confounded.
 *
 * A numeric knob re-tuned at (nearly) every version is split at its median (see MAX_EXACT_LEVELS).
 *
 * The unit permuted is a day's trades at one level, not a trade: a day's trades share its market move
 * (and a knob's effect may vary by day), so trades are not exchangeable, days are.
 */
import { chiSquareUpperTail } from '../stats/chi-square-upper-tail.js';
import type { Aggregates, KnobOutcomeCell } from '../aggregates.js';
import { createRng, deriveSeed, randomIndex, type Rng } from '../stats/rng.js';
import { type BinaryStratum, binaryConditionalInformation } from './binary-information.js';
import { betweenLevelVariance, type ReturnStratum } from './between-level-variance.js';
import { type DiagnosticCell, insufficient, makeCell, MIN_SAMPLE } from './cell.js';

const SECTION = 'information';
const REPS = 999;
const MISSING = '(missing)';

/**
 * A numeric knob with more levels than this is re-tuned rather than switched: taken level by level it is
 * a version id, and conditioning on it would leave no other knob varying within a stratum. Its levels
 * are split at their median instead (at most / above), so it is still conditioned on, and tested, coarsely.
 */
const MAX_EXACT_LEVELS = 4;

/** A re-tuned numeric knob's levels split at the median of its values over the versions. */
function medianSplit(levels: Map<string, string>): Map<string, string> | null {
  const values = [...levels.values()].filter((l) => l !== MISSING).map(Number);
  if (new Set(values).size <= MAX_EXACT_LEVELS || values.some((x) => !Number.isFinite(x))) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return new Map([...levels].map(([v, l]) => [v, l === MISSING ? l : Number(l) <= median ? `<=${median}` : `>${median}`]));
}

/** Each knob's level per config version, as text, and the knobs split at their median. */
function knobLevels(agg: Aggregates, strategy: string, versions: string[]): { levels: Map<string, Map<string, string>>; split: string[] } {
  const knobsOf = new Map(agg.knob_versions.filter((v) => v.strategy_id === strategy).map((v) => [v.config_version_id, v.knobs]));
  const names = [...new Set(versions.flatMap((v) => Object.keys(knobsOf.get(v) ?? {})))].sort();
  const split: string[] = [];
  const levels = new Map(
    names.map((name) => {
      const exact = new Map(versions.map((v) => [v, name in (knobsOf.get(v) ?? {}) ? JSON.stringify(knobsOf.get(v)![name]) : MISSING]));
      const coarse = medianSplit(exact);
      if (coarse) split.push(name);
      return [name, coarse ?? exact];
    }),
  );
  return { levels, split };
}

/** Knobs with at least two levels, grouped when their levels partition the versions identically. */
function knobGroups(levels: Map<string, Map<string, string>>, versions: string[]): string[][] {
  const signature = (knob: string) => {
    const seen = new Map<string, number>();
    return versions
      .map((v) => {
        const level = levels.get(knob)!.get(v)!;
        if (!seen.has(level)) seen.set(level, seen.size);
        return seen.get(level);
      })
      .join(',');
  };
  const groups = new Map<string, string[]>();
  for (const knob of levels.keys()) {
    if (new Set(levels.get(knob)!.values()).size < 2) continue;
    const sig = signature(knob);
    groups.set(sig, [...(groups.get(sig) ?? []), knob]);
  }
  return [...groups.values()];
}

/** One day's trades of a stratum at one level. */
interface DayUnit {
  level: number;
  n: number;
  hits: number;
  sum: number;
  sum_sq: number;
}

/** The units of each stratum (regime × the other groups' levels), levels numbered per stratum. */
function strataFor(cells: readonly KnobOutcomeCell[], levelOf: (version: string, group: string[]) => string, group: string[], others: string[][]): DayUnit[][] {
  const strata = new Map<string, { levels: Map<string, number>; units: Map<string, DayUnit> }>();
  for (const c of cells) {
    if (c.config_version_id === null) continue;
    const z = [c.regime_label, ...others.map((o) => levelOf(c.config_version_id!, o))].join('\u0000');
    const x = levelOf(c.config_version_id, group);
    const stratum = strata.get(z) ?? { levels: new Map(), units: new Map() };
    if (!stratum.levels.has(x)) stratum.levels.set(x, stratum.levels.size);
    const key = `${c.day}\u0000${x}`;
    const unit = stratum.units.get(key) ?? { level: stratum.levels.get(x)!, n: 0, hits: 0, sum: 0, sum_sq: 0 };
    unit.n += c.n;
    unit.hits += c.wins;
    unit.sum += c.sum;
    unit.sum_sq += c.sum_sq;
    stratum.units.set(key, unit);
    strata.set(z, stratum);
  }
  return [...strata.values()].map((s) => [...s.units.values()].filter((u) => u.n > 0));
}

const levelCount = (units: readonly DayUnit[]) => new Set(units.map((u) => u.level)).size;

type StratumTable = BinaryStratum & ReturnStratum;

/** The stratum tables when unit i has level `levels[i]`. */
function tables(strata: readonly DayUnit[][], levels: readonly (readonly number[])[]): StratumTable[] {
  return strata.map((units, s) => {
    const k = Math.max(...levels[s]) + 1;
    const table = { n: new Array<number>(k).fill(0), hits: new Array<number>(k).fill(0), sum: new Array<number>(k).fill(0), sum_sq: 0 };
    units.forEach((u, i) => {
      table.n[levels[s][i]] += u.n;
      table.hits[levels[s][i]] += u.hits;
      table.sum[levels[s][i]] += u.sum;
      table.sum_sq += u.sum_sq;
    });
    return table;
  });
}

/** The two statistics, each larger the more the level tells about the outcome. */
const STATISTICS = {
  win: binaryConditionalInformation,
  mean_return: betweenLevelVariance,
} satisfies Record<string, (t: StratumTable[]) => number>;
type StatisticName = keyof typeof STATISTICS;
const NAMES = Object.keys(STATISTICS) as StatisticName[];

interface StatisticTest {
  observed: number;
  p: number;
  nullMean: number;
}

/** Fisher–Yates shuffle of a stratum's level labels over its units, in place. */
function shuffle(rng: Rng, levels: number[]): void {
  for (let i = levels.length - 1; i > 0; i--) {
    const j = randomIndex(rng, i + 1);
    [levels[i], levels[j]] = [levels[j], levels[i]];
  }
}

/** Share of `sortedDesc` at or above x (the statistic's permutation tail at x). */
function tailShare(sortedDesc: readonly number[], x: number): number {
  let lo = 0;
  let hi = sortedDesc.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedDesc[mid] >= x - 1e-12) lo = mid + 1;
    else hi = mid;
  }
  return lo / sortedDesc.length;
}

/**
 * Permutation tests of both statistics over day units, on the same shuffles. Each statistic's p is
 * (1 + #{T_b ≥ T})/(B + 1); when no permutation reaches T it is refined by a scaled χ² matched to the
 * mean and variance of the permutation distribution (a·χ²_b, a = var/(2·mean), b = 2·mean²/var), which
 * carries the day-level dependence the permutations kept. The combined p is the min-p test (Tippett) over
 * the same permutations: the share of shuffles whose smaller tail share is at most the observed one, so
 * looking at two outcomes costs no level; beyond what B resolves it falls back to twice the smaller
 * refined p. A statistic that cannot be computed (returns without variance) drops out.
 */
function permutationTests(strata: DayUnit[][], seed: number): { p: number; tests: Record<StatisticName, StatisticTest> } {
  const rng = createRng(seed);
  const levels = strata.map((units) => units.map((u) => u.level));
  const observedTables = tables(strata, levels);
  const active = NAMES.filter((name) => Number.isFinite(STATISTICS[name](observedTables)));
  const observed = Object.fromEntries(NAMES.map((name) => [name, STATISTICS[name](observedTables)])) as Record<StatisticName, number>;
  const draws = Object.fromEntries(NAMES.map((name) => [name, [] as number[]])) as Record<StatisticName, number[]>;
  for (let b = 0; b < REPS; b++) {
    levels.forEach((l) => shuffle(rng, l));
    const shuffled = tables(strata, levels);
    for (const name of active) draws[name].push(STATISTICS[name](shuffled));
  }
  const sorted = Object.fromEntries(active.map((name) => [name, [...draws[name]].sort((a, b) => b - a)])) as Record<StatisticName, number[]>;
  const test = (name: StatisticName): StatisticTest => {
    if (!active.includes(name)) return { observed: NaN, p: 1, nullMean: NaN };
    const values = draws[name];
    const nullMean = values.reduce((a, x) => a + x, 0) / REPS;
    const nullVariance = values.reduce((a, x) => a + (x - nullMean) ** 2, 0) / (REPS - 1);
    const exceed = Math.round(tailShare(sorted[name], observed[name]) * REPS);
    const permutation = (1 + exceed) / (REPS + 1);
    const scale = nullVariance / (2 * nullMean);
    const scaled = nullMean > 0 && nullVariance > 0 ? chiSquareUpperTail(observed[name] / scale, (2 * nullMean * nullMean) / nullVariance) : permutation;
    return { observed: observed[name], p: exceed === 0 ? Math.min(permutation, scaled) : permutation, nullMean };
  };
  const tests = Object.fromEntries(NAMES.map((name) => [name, test(name)])) as Record<StatisticName, StatisticTest>;
  if (active.length === 0) return { p: 1, tests };
  const minShare = (value: (name: StatisticName) => number) => Math.min(...active.map((name) => tailShare(sorted[name], value(name))));
  const observedMin = minShare((name) => observed[name]);
  let exceed = 0;
  for (let b = 0; b < REPS; b++) if (minShare((name) => draws[name][b]) <= observedMin + 1e-12) exceed++;
  const permutation = (1 + exceed) / (REPS + 1);
  const refined = Math.min(1, active.length * Math.min(...active.map((name) => tests[name].p)));
  return { p: exceed === 0 ? Math.min(permutation, refined) : permutation, tests };
}

/** Each level's mean return, and the stored value (JSON text) of the level with the highest. */
function levelMeans(cells: readonly KnobOutcomeCell[], levelOf: (version: string) => string): { means: string; best: string | null } {
  const totals = new Map<string, { n: number; sum: number }>();
  for (const c of cells) {
    const level = levelOf(c.config_version_id as string);
    const t = totals.get(level) ?? { n: 0, sum: 0 };
    t.n += c.n;
    t.sum += c.sum;
    totals.set(level, t);
  }
  const means = [...totals].map(([level, t]) => [level, t.sum / t.n] as const).sort((a, b) => b[1] - a[1]);
  return {
    means: means.map(([level, m]) => `${level}:${m.toPrecision(3)}`).join(' '),
    best: means.length > 0 && means[0][0] !== MISSING ? means[0][0] : null,
  };
}

/** The better level as the experiment sets it: only for one knob taken level by level (not split, not a group). */
function bestLevel(best: string | null, exact: boolean): number | string | null {
  if (best === null || !exact) return null;
  const value = JSON.parse(best) as unknown;
  return typeof value === 'number' || typeof value === 'string' ? value : null;
}

/**
 * @example
 * const cells = knobInformationCells(aggregates, 7);
 */
export function knobInformationCells(agg: Aggregates, seed: number): DiagnosticCell[] {
  const strategies = [...new Set(agg.knob_outcomes.map((c) => c.strategy_id))].sort();
  return strategies.flatMap((strategy) => {
    const cells = agg.knob_outcomes.filter((c) => c.strategy_id === strategy && c.config_version_id !== null && c.n > 0);
    const versions = [...new Set(cells.map((c) => c.config_version_id as string))].sort();
    const { levels, split } = knobLevels(agg, strategy, versions);
    const groups = knobGroups(levels, versions);
    const levelOf = (version: string, group: string[]) => group.map((k) => levels.get(k)!.get(version)).join('|');
    return groups.map((group) => {
      const confounded = group.length > 1;
      const subject: Record<string, string> = confounded ? { strategy_id: strategy, knobs: group.join(',') } : { strategy_id: strategy, knob: group[0] };
      const others = groups.filter((g) => g !== group);
      const strata = strataFor(cells, levelOf, group, others);
      const informative = strata.filter((units) => levelCount(units) > 1);
      const perLevel = new Map<string, number>();
      for (const c of cells)
        perLevel.set(levelOf(c.config_version_id as string, group), (perLevel.get(levelOf(c.config_version_id as string, group)) ?? 0) + c.n);
      const base = makeCell({
        section: SECTION,
        kind: confounded ? 'KNOBS_CONFOUNDED' : 'KNOB_MATTERS',
        subject,
        metric: 'conditional_mutual_information',
        n: informative.reduce((s, units) => s + units.reduce((a, u) => a + u.n, 0), 0),
        regimes_covered: [...new Set(cells.map((c) => c.regime_label))].sort(),
        extra: {
          trades_per_level: [...perLevel].map(([level, n]) => `${level}:${n}`).join(' '),
          identifiable: !confounded,
          versions: versions.length,
          ...(split.length > 0 ? { split_at_median: split.join(',') } : {}),
        },
      });
      if (informative.length === 0) return insufficient(base, 'the level never varies within a regime once the other knobs are fixed: not identifiable');
      if (Math.min(...perLevel.values()) < MIN_SAMPLE.knobLevel) return insufficient(base, `fewer than ${MIN_SAMPLE.knobLevel} trades at a level`);
      const dayUnits = informative.reduce((s, units) => s + units.length, 0);
      if (dayUnits < MIN_SAMPLE.clusters) return insufficient(base, `fewer than ${MIN_SAMPLE.clusters} days × levels to permute within its strata`);
      const { p, tests } = permutationTests(informative, deriveSeed(seed, base.id));
      const win = tests.win;
      const means = levelMeans(cells, (v) => levelOf(v, group));
      const best = bestLevel(means.best, !confounded && !split.includes(group[0]));
      return {
        ...base,
        status: 'tested' as const,
        effect: win.observed - win.nullMean,
        value: win.observed,
        baseline: win.nullMean,
        p,
        extra: {
          ...base.extra,
          day_units: dayUnits,
          permutations: REPS,
          win_p: win.p,
          mean_return_p: tests.mean_return.p,
          mean_return_per_level: means.means,
          ...(best !== null ? { best_level: best } : {}),
        },
      };
    });
  });
}
