/**
 * Calibration of every test that can become a finding: each null is simulated with the dependence real
 * histories have (a market move shared by a day's trades and decisions, a severity shared by an event's
 * executions, few and unbalanced clusters, sparse strata, heavy tails), and the share of draws with
 * p ≤ 0.05 must lie in [0.03, 0.07] (and p ≤ 0.01 in [0.003, 0.02] where the draws allow). Seeded.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AssessmentCell, KnobOutcomeCell, OverrideCell, SopCell } from '../../../src/analysis/aggregates.js';
import { assessmentQualitySection } from '../../../src/analysis/diagnostics/assessment-quality.js';
import { blackSwanSopsSection } from '../../../src/analysis/diagnostics/black-swan-sops.js';
import { clusteredDifference, clusteredMean, type DaySums } from '../../../src/analysis/diagnostics/clustered-mean.js';
import { knobInformationCells } from '../../../src/analysis/diagnostics/knob-information.js';
import { riskOverridesSection } from '../../../src/analysis/diagnostics/risk-overrides.js';
import { createRng, type Rng } from '../../../src/analysis/stats/rng.js';
import { emptyAggregates } from './diagnostics/fixtures.js';

const normal = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
/** Student t with 3 degrees of freedom, scaled to unit variance: heavy tails. */
const heavy = (rng: Rng) => normal(rng) / Math.sqrt((normal(rng) ** 2 + normal(rng) ** 2 + normal(rng) ** 2) / 3) / Math.sqrt(3);

function assertCalibrated(name: string, draws: number, pValue: (rng: Rng) => number, seed: number, strict = true): void {
  const rng = createRng(seed);
  const ps = Array.from({ length: draws }, () => pValue(rng));
  assert.ok(
    ps.every((p) => Number.isFinite(p)),
    `${name}: every draw is tested`,
  );
  const at05 = ps.filter((p) => p <= 0.05).length / draws;
  assert.ok(at05 >= 0.03 && at05 <= 0.07, `${name}: P(p ≤ 0.05) = ${at05} over ${draws} draws`);
  if (strict) {
    const at01 = ps.filter((p) => p <= 0.01).length / draws;
    assert.ok(at01 >= 0.003 && at01 <= 0.02, `${name}: P(p ≤ 0.01) = ${at01} over ${draws} draws`);
  }
}

/** A cell's day sums: `perDay[d]` trades on day d, each the day's shock plus noise of its own. */
function days(rng: Rng, perDay: readonly number[], shock: readonly number[], noise: (rng: Rng) => number, mean = 0): DaySums {
  const cell: Required<DaySums> = { day: [], n: [], sum: [], sum_sq: [] };
  perDay.forEach((n, d) => {
    if (n === 0) return;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const x = mean + shock[d] + noise(rng);
      sum += x;
      sumSq += x * x;
    }
    cell.day.push(d);
    cell.n.push(n);
    cell.sum.push(sum);
    cell.sum_sq.push(sumSq);
  });
  return cell;
}

const shocks = (rng: Rng, g: number, sd: number) => Array.from({ length: g }, () => sd * normal(rng));

test('clustered mean: five unbalanced days with a shared shock (loss tests of regimes, sectors, profile buckets, low scores)', () => {
  assertCalibrated('five days', 2000, (rng) => clusteredMean(days(rng, [30, 20, 12, 8, 5], shocks(rng, 5, 1), normal), 'less', 0).p, 1);
});

test('clustered mean: sixty days, strong day shocks, heavy-tailed trades', () => {
  const perDay = Array.from({ length: 60 }, (_, d) => 1 + (d % 7) * 3);
  assertCalibrated('sixty days', 2000, (rng) => clusteredMean(days(rng, perDay, shocks(rng, 60, 0.5), heavy), 'two-sided', 0).p, 2);
});

test('clustered difference: a cell against the rest on shared days, eight days', () => {
  assertCalibrated(
    'cell vs rest',
    2000,
    (rng) => {
      const shock = shocks(rng, 8, 1);
      return clusteredDifference(days(rng, [2, 9, 1, 6, 3, 0, 4, 2], shock, heavy), days(rng, [30, 5, 20, 8, 40, 25, 3, 12], shock, heavy), 'less').p;
    },
    3,
  );
});

test('override rule: sparse regime strata, day shocks shared by approved and overridden decisions', () => {
  assertCalibrated(
    'overrides',
    1000,
    (rng) => {
      const overrides: OverrideCell[] = [];
      for (let day = 0; day < 30; day++) {
        const regime = day < 20 ? 'CALM' : day < 27 ? 'STORM' : 'CRASH';
        const shock = (regime === 'CALM' ? 0.01 : 0.03) * normal(rng);
        for (const [action, rule, n] of [
          ['APPROVED', null, regime === 'CRASH' ? 1 : 8],
          ['BLOCKED', 'limit', regime === 'CALM' ? 1 : 4],
        ] as const) {
          const xs = Array.from({ length: n }, () => shock + 0.01 * heavy(rng));
          overrides.push({
            strategy_id: 's',
            regime_label: regime,
            risk_action: action,
            rule_id: rule,
            day,
            n,
            n_forward: n,
            sum_forward: xs.reduce((a, x) => a + x, 0),
            sum_sq_forward: xs.reduce((a, x) => a + x * x, 0),
            forgone_pnl: 0,
            traded_pnl: 0,
            n_override: rule ? n : 0,
          });
        }
      }
      return riskOverridesSection(emptyAggregates({ overrides }))[0].p ?? NaN;
    },
    4,
  );
});

test('template error rate: error rates that move by day (outages) for every template alike', () => {
  assertCalibrated(
    'template errors',
    1000,
    (rng) => {
      const assessment: AssessmentCell[] = [];
      for (let day = 0; day < 25; day++) {
        const rate = Math.min(0.9, Math.max(0, 0.05 + 0.04 * normal(rng)));
        for (const [template, n] of [
          ['new', 20],
          ['old', 60],
        ] as const) {
          let errors = 0;
          for (let i = 0; i < n; i++) if (rng() < rate) errors++;
          assessment.push({ prompt_template_id: template, agent_graph_version: 'g', error: null, day, n: n - errors });
          assessment.push({ prompt_template_id: template, agent_graph_version: 'g', error: 'TIMEOUT', day, n: errors });
        }
      }
      const agg = emptyAggregates({ assessment, template_slots: { new: 'slot', old: 'slot' } });
      return assessmentQualitySection(agg).find((c) => c.subject.prompt_template_id === 'new')!.p ?? NaN;
    },
    5,
    false,
  );
});

test('SOP version: six events of very different size, each with a severity shared by its executions', () => {
  const versions = [
    { sop_template_id: 'sop', sop_version_id: 'v1', version_no: 1, parent_version_id: null },
    { sop_template_id: 'sop', sop_version_id: 'v2', version_no: 2, parent_version_id: 'v1' },
  ];
  assertCalibrated(
    'SOP versions',
    2000,
    (rng) => {
      const sops: SopCell[] = [2, 9, 4, 3, 12, 5].map((n, e) => {
        const shock = 0.15 * normal(rng);
        const shares = Array.from({ length: n }, () => 0.5 + shock + 0.05 * heavy(rng));
        return {
          event_id: `e${e}`,
          severity: 3,
          event_kind: 'crash',
          sop_template_id: 'sop',
          sop_version_id: e < 3 ? 'v1' : 'v2',
          n,
          n_valued: n,
          sum_avoided: 0,
          sum_sq_avoided: 0,
          n_share: n,
          sum_share: shares.reduce((a, x) => a + x, 0),
          sum_sq_share: shares.reduce((a, x) => a + x * x, 0),
          sum_time_to_action: 0,
          n_time_to_action: 0,
          sum_exposure_cut: 0,
          n_exposure_cut: 0,
        };
      });
      return blackSwanSopsSection(emptyAggregates({ sops, sop_versions: versions })).find((c) => c.kind === 'SOP_VERSION_WORSE')!.p ?? NaN;
    },
    6,
    false,
  );
});

test('knob: returns that share a day shock and have heavy tails, the same mean and win rate at both levels, a second knob varying alongside', () => {
  const versions = Array.from({ length: 6 }, (_, i) => ({
    config_version_id: `v${i + 1}`,
    strategy_id: 's',
    version_no: i + 1,
    knobs: { lookback: [20, 60, 60, 20, 60, 20][i], width: [1, 1, 2, 2, 1, 2][i] },
  }));
  assertCalibrated(
    'knob on returns',
    400,
    (rng) => {
      const knob_outcomes: KnobOutcomeCell[] = Array.from({ length: 36 }, (_, day) => {
        const shock = 0.02 * normal(rng);
        const n = 2 + Math.floor(rng() * 12);
        let wins = 0;
        let sum = 0;
        let sumSq = 0;
        for (let i = 0; i < n; i++) {
          const x = shock + 0.02 * heavy(rng);
          if (x > 0) wins++;
          sum += x;
          sumSq += x * x;
        }
        return {
          strategy_id: 's',
          config_version_id: `v${Math.floor(day / 6) + 1}`,
          regime_label: day % 3 === 0 ? 'STORM' : 'CALM',
          day,
          n,
          wins,
          losses: n - wins,
          sum,
          sum_sq: sumSq,
        };
      });
      return (
        knobInformationCells(emptyAggregates({ knob_versions: versions, knob_outcomes }), Math.floor(rng() * 1e9)).find((c) => c.subject.knob === 'lookback')!
          .p ?? NaN
      );
    },
    8,
    false,
  );
});

test('knob: a win rate that varies by day, the same at both levels', () => {
  const versions = [
    { config_version_id: 'v1', strategy_id: 's', version_no: 1, knobs: { lookback: 20 } },
    { config_version_id: 'v2', strategy_id: 's', version_no: 2, knobs: { lookback: 60 } },
  ];
  assertCalibrated(
    'knob',
    400,
    (rng) => {
      const knob_outcomes: KnobOutcomeCell[] = Array.from({ length: 24 }, (_, day) => {
        const rate = Math.min(0.95, Math.max(0.05, 0.5 + 0.2 * normal(rng)));
        let wins = 0;
        for (let i = 0; i < 20; i++) if (rng() < rate) wins++;
        return { strategy_id: 's', config_version_id: day % 8 < 4 ? 'v1' : 'v2', regime_label: 'CALM', day, n: 20, wins, losses: 20 - wins, sum: 0, sum_sq: 0 };
      });
      return knobInformationCells(emptyAggregates({ knob_versions: versions, knob_outcomes }), Math.floor(rng() * 1e9))[0].p ?? NaN;
    },
    7,
    false,
  );
});
