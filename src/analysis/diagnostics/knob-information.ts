/**
 * Which config knobs matter: for each knob of a strategy's config (config_json.knobs of the version in
 * force per trade), the conditional mutual information between its level and the trade's outcome (a
 * win, return > 0) given the regime AND the levels of the strategy's other knobs, with a permutation
 * p-value that shuffles the knob's level within those strata. Conditioning on the other knobs keeps a
 * knob that merely changed alongside one that matters from taking its credit. Knobs whose levels always
 * moved together cannot be told apart: they are tested jointly and reported as confounded.
 */
import { chiSquareUpperTail } from '../stats/chi-square-upper-tail.js';
import type { Aggregates, KnobOutcomeCell } from '../aggregates.js';
import { createRng, deriveSeed } from '../stats/rng.js';
import { type DiagnosticCell, insufficient, makeCell, MIN_SAMPLE } from './cell.js';
import { type BinaryStratum, binaryConditionalInformation, permutedStrata } from './hypergeometric-tables.js';

const SECTION = 'information';
const REPS = 999;
const MISSING = '(missing)';

/** Each knob's level per config version, as text. */
function knobLevels(agg: Aggregates, strategy: string, versions: string[]): Map<string, Map<string, string>> {
  const knobsOf = new Map(agg.knob_versions.filter((v) => v.strategy_id === strategy).map((v) => [v.config_version_id, v.knobs]));
  const names = [...new Set(versions.flatMap((v) => Object.keys(knobsOf.get(v) ?? {})))].sort();
  return new Map(names.map((name) => [name, new Map(versions.map((v) => [v, name in (knobsOf.get(v) ?? {}) ? JSON.stringify(knobsOf.get(v)![name]) : MISSING]))]));
}

/** Knobs with at least two levels, grouped when their levels partition the versions identically. */
function knobGroups(levels: Map<string, Map<string, string>>, versions: string[]): string[][] {
  const signature = (knob: string) => {
    const seen = new Map<string, number>();
    return versions.map((v) => {
      const level = levels.get(knob)!.get(v)!;
      if (!seen.has(level)) seen.set(level, seen.size);
      return seen.get(level);
    }).join(',');
  };
  const groups = new Map<string, string[]>();
  for (const knob of levels.keys()) {
    if (new Set(levels.get(knob)!.values()).size < 2) continue;
    const sig = signature(knob);
    groups.set(sig, [...(groups.get(sig) ?? []), knob]);
  }
  return [...groups.values()];
}

/** Stratum tables for one group: strata are regime × the other groups' levels. */
function strataFor(cells: readonly KnobOutcomeCell[], levelOf: (version: string, group: string[]) => string, group: string[], others: string[][]) {
  const strata = new Map<string, Map<string, { n: number; hits: number }>>();
  for (const c of cells) {
    if (c.config_version_id === null) continue;
    const z = [c.regime_label, ...others.map((o) => levelOf(c.config_version_id!, o))].join('\u0000');
    const x = levelOf(c.config_version_id, group);
    const stratum = strata.get(z) ?? new Map();
    const level = stratum.get(x) ?? { n: 0, hits: 0 };
    level.n += c.n;
    level.hits += c.wins;
    stratum.set(x, level);
    strata.set(z, stratum);
  }
  return [...strata.values()].map((s) => {
    const entries = [...s.values()].filter((l) => l.n > 0);
    return { n: entries.map((l) => l.n), hits: entries.map((l) => l.hits) } as BinaryStratum;
  });
}

/**
 * Permutation p of the observed Î: (1 + #{Î_b ≥ Î})/(B + 1). When no permutation reaches Î the p is below
 * what B resamples resolve; it is then refined by the G-test tail (2N·Î ~ χ² with Σ(K_x|z − 1) degrees
 * of freedom), which the permutation distribution approaches.
 */
function permutationP(strata: BinaryStratum[], observed: number, seed: number): { p: number; nullMean: number; df: number; n: number } {
  const rng = createRng(seed);
  let exceed = 0;
  let nullSum = 0;
  for (let b = 0; b < REPS; b++) {
    const value = binaryConditionalInformation(permutedStrata(rng, strata));
    nullSum += value;
    if (value >= observed - 1e-12) exceed++;
  }
  const n = strata.reduce((s, z) => s + z.n.reduce((a, b) => a + b, 0), 0);
  // G-test degrees of freedom: (levels − 1)·(outcomes − 1) per stratum, counting only outcomes seen there.
  const df = strata.reduce((s, z) => {
    const hits = z.hits.reduce((a, b) => a + b, 0);
    const both = hits > 0 && hits < z.n.reduce((a, b) => a + b, 0);
    return s + (both ? z.n.length - 1 : 0);
  }, 0);
  const permutation = (1 + exceed) / (REPS + 1);
  const gTest = df > 0 ? chiSquareUpperTail(2 * n * observed, df) : 1;
  return { p: exceed === 0 ? Math.min(permutation, gTest) : permutation, nullMean: nullSum / REPS, df, n };
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
    const levels = knobLevels(agg, strategy, versions);
    const groups = knobGroups(levels, versions);
    const levelOf = (version: string, group: string[]) => group.map((k) => levels.get(k)!.get(version)).join('|');
    return groups.map((group) => {
      const confounded = group.length > 1;
      const subject: Record<string, string> = confounded ? { strategy_id: strategy, knobs: group.join(',') } : { strategy_id: strategy, knob: group[0] };
      const others = groups.filter((g) => g !== group);
      const strata = strataFor(cells, levelOf, group, others);
      const informative = strata.filter((z) => z.n.length > 1);
      const perLevel = new Map<string, number>();
      for (const c of cells) perLevel.set(levelOf(c.config_version_id as string, group), (perLevel.get(levelOf(c.config_version_id as string, group)) ?? 0) + c.n);
      const base = makeCell({
        section: SECTION,
        kind: confounded ? 'KNOBS_CONFOUNDED' : 'KNOB_MATTERS',
        subject,
        metric: 'conditional_mutual_information',
        n: informative.reduce((s, z) => s + z.n.reduce((a, b) => a + b, 0), 0),
        regimes_covered: [...new Set(cells.map((c) => c.regime_label))].sort(),
        extra: { trades_per_level: [...perLevel].map(([level, n]) => `${level}:${n}`).join(' '), identifiable: !confounded, versions: versions.length },
      });
      if (informative.length === 0) return insufficient(base, 'the level never varies within a regime once the other knobs are fixed: not identifiable');
      if (Math.min(...perLevel.values()) < MIN_SAMPLE.knobLevel) return insufficient(base, `fewer than ${MIN_SAMPLE.knobLevel} trades at a level`);
      const observed = binaryConditionalInformation(informative);
      const test = permutationP(informative, observed, deriveSeed(seed, base.id));
      return {
        ...base,
        status: 'tested' as const,
        effect: observed - test.nullMean,
        value: observed,
        baseline: test.nullMean,
        p: test.p,
        extra: { ...base.extra, g_test_df: test.df, permutations: REPS },
      };
    });
  });
}
