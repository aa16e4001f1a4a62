/**
 * Calibration of the proposals' confidences on simulated histories with known truth: every scenario of
 * both kinds of world (null and planted) over several seeds and history sizes (the same planted effect
 * is weaker evidence in a smaller history, so the sizes span strengths of evidence), each analysed and
 * turned into proposals as a scheduled run would, with the live configs and policy of config/policy.json.
 * A proposal truly improves when a finding behind it is a planted effect of the ground truth (kind and
 * subject); anything else changes a cell whose true effect is none. Experiments are left out: they
 * change no live config, so "improves its target metric" does not apply to them.
 *
 * Usage: npm run bench:calibration [-- --worlds standard,varied --seeds 6 --trades 2000,6000]
 * Results: bench/results/calibration-<date>.json, and the table printed.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { diagnose } from '../src/analysis/diagnose.js';
import { resolveWindow } from '../src/analysis/window.js';
import { aggregate } from '../src/db/queries/aggregate.js';
import { loadLiveConfigs } from '../src/db/repositories/config-store.js';
import { calibration, type Forecast } from '../src/proposals/calibration.js';
import { planProposals } from '../src/proposals/generate.js';
import { loadPolicy } from '../src/proposals/policy.js';
import type { GroundTruth } from '../src/seed/ground-truth.js';
import { SCENARIO_NAMES, WORLD_KINDS, type WorldKind } from '../src/seed/scenarios.js';
import { seedScenario } from '../src/seed/seed-scenario.js';
import type { ProposalDraft } from '../src/proposals/draft.js';
import { createTestDatabase } from '../test/support/database.js';

const { values } = parseArgs({
  options: {
    worlds: { type: 'string', default: WORLD_KINDS.join(',') },
    seeds: { type: 'string', default: '6' },
    trades: { type: 'string', default: '2000,6000' },
  },
});
const worlds = values.worlds.split(',') as WorldKind[];
const seeds = Number(values.seeds);
const sizes = values.trades.split(',').map(Number);
const FDR = 0.05;
const DECISIONS_PER_TRADE = 2.5;

/** Whether the draft acts on a planted effect of the ground truth. */
function trulyImproves(draft: ProposalDraft, truth: GroundTruth): boolean {
  return draft.evidence_json.findings.some((f) =>
    truth.effects.some((e) => e.kind === f.kind && Object.entries(e.subject).every(([k, v]) => f.subject[k] === v)),
  );
}

interface Sample extends Forecast {
  world: WorldKind;
  scenario: string;
  seed: number;
  trades: number;
  kind: string;
  target_type: string;
}

const policy = loadPolicy();
const database = await createTestDatabase('kronos_calibration');
const samples: Sample[] = [];
const started = Date.now();
try {
  for (const world of worlds) {
    const scenarios = SCENARIO_NAMES.filter((s) => s !== 'demo' && !(world === 'varied' && s === 'config_by_volatility'));
    for (const scenario of scenarios) {
      for (const trades of sizes) {
        for (let seed = 1; seed <= seeds; seed++) {
          const truth = await seedScenario(database.db, { scenario, seed, trades, decisions: Math.ceil(trades * DECISIONS_PER_TRADE), reset: true, world });
          const window = resolveWindow({ asOf: new Date(truth.as_of), windowDays: truth.window_days });
          const result = diagnose(await aggregate(database.db, window), { seed, fdrLevel: FDR });
          const { drafts } = planProposals(result, await loadLiveConfigs(database.db), policy, { runId: `calibration-${seed}`, now: new Date(truth.as_of) });
          for (const draft of drafts.filter((d) => d.target_type !== 'EXPERIMENT')) {
            samples.push({
              world,
              scenario,
              seed,
              trades,
              kind: draft.kind,
              target_type: draft.target_type,
              probability: draft.confidence,
              improved: trulyImproves(draft, truth),
            });
          }
        }
        console.log(`${world} ${scenario} ${trades} trades: ${samples.length} proposals so far (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    }
  }
} finally {
  await database.drop();
}

const overall = calibration(samples);
const byWorld = Object.fromEntries(worlds.map((w) => [w, calibration(samples.filter((s) => s.world === w)).score]));
const file = `bench/results/calibration-${new Date().toISOString().slice(0, 10)}.json`;
writeFileSync(
  file,
  `${JSON.stringify({ worlds, seeds, trades: sizes, fdr: FDR, proposals: samples.length, ...overall, by_world: byWorld, samples }, null, 2)}\n`,
);

const show = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? '—' : v.toFixed(digits));
console.log('| predicted | proposals | mean predicted | realised share | 95 % interval | within |');
console.log('|---|---|---|---|---|---|');
for (const b of overall.bins) {
  const interval = b.interval ? `[${show(b.interval[0])}, ${show(b.interval[1])}]` : '—';
  console.log(
    `| ${b.lower.toFixed(1)}–${b.upper.toFixed(1)} | ${b.n} | ${show(b.mean_predicted)} | ${show(b.realised_share)} | ${interval} | ${b.within === null ? '—' : b.within ? 'yes' : 'no'} |`,
  );
}
const s = overall.score;
if (s) {
  console.log(
    `Brier ${show(s.brier, 4)} = reliability ${show(s.reliability, 4)} − resolution ${show(s.resolution, 4)} + uncertainty ${show(s.uncertainty, 4)} + within-bin ${show(s.within_bin, 4)}; constant predictor (base rate ${show(s.base_rate)}) ${show(s.constant_brier, 4)}`,
  );
}
console.log(`written to ${file}`);
