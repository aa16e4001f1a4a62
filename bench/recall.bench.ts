/**
 * Recall and the null's false-positive rate on both kinds of synthetic world: every scenario seeded over
 * 20 seeds (2,000 trades, 5,000 decisions each), analysed as a scheduled run, and each planted cell also
 * read back with its plain SQL query (test/support/planted-cell-queries.ts). Recall counts the seeds in
 * which the planted cell was a finding; "plain recall" counts only the seeds whose planted cell's z,
 * clustered by day (by event for SOPs), exceeds 4. For the null, the share of runs with any finding.
 *
 * Usage: npm run bench:recall [-- --worlds standard,varied --seeds 20]
 * Results: bench/results/recall-<worlds>-<date>.json and the "### Recall" table under README's "## Benchmarks".
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SCENARIO_NAMES, WORLD_KINDS, type WorldKind } from '../src/seed/scenarios.js';
import { analyseSeeds, plainRecall, recall } from '../test/integration/analysis/recall-support.js';

const { values } = parseArgs({ options: { worlds: { type: 'string', default: WORLD_KINDS.join(',') }, seeds: { type: 'string', default: '20' } } });
const worlds = values.worlds.split(',') as WorldKind[];
const seeds = Number(values.seeds);
const scenarios = SCENARIO_NAMES.filter((s) => s !== 'demo');

const skipped: { world: WorldKind; scenario: string; reason: string }[] = [];
const rows: {
  world: WorldKind;
  scenario: string;
  seeds: number;
  recall: number | null;
  plain_runs: number | null;
  plain_recall: number | null;
  any_finding: number;
}[] = [];
for (const world of worlds) {
  for (const scenario of scenarios) {
    // A scenario one kind of world cannot plant, or whose planted cell has no plain query yet, is listed as skipped.
    const runs = await analyseSeeds(scenario, { world, seeds }).catch((error: Error) => {
      skipped.push({ world, scenario, reason: error.message });
      return null;
    });
    if (runs === null) continue;
    const plain = plainRecall(runs);
    const planted = scenario !== 'null';
    rows.push({
      world,
      scenario,
      seeds,
      recall: planted ? recall(runs) : null,
      plain_runs: planted ? plain.runs : null,
      plain_recall: planted ? plain.recall : null,
      any_finding: runs.filter((r) => r.result.findings.length > 0).length / runs.length,
    });
  }
}
const file = `bench/results/recall-${worlds.join('-')}-${new Date().toISOString().slice(0, 10)}.json`;
writeFileSync(file, `${JSON.stringify({ seeds, trades: 2000, decisions: 5000, rows, skipped }, null, 2)}\n`);
console.log('| world | scenario | recall | seeds with clustered plain z > 4 | recall on those | runs with any finding |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  const show = (v: number | null) => (v === null ? '—' : v.toFixed(2));
  console.log(`| ${r.world} | ${r.scenario} | ${show(r.recall)} | ${r.plain_runs ?? '—'} | ${show(r.plain_recall)} | ${r.any_finding.toFixed(2)} |`);
}
for (const s of skipped) console.log(`skipped ${s.world} ${s.scenario}: ${s.reason}`);
console.log(`written to ${file}`);
