import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingConfidence, type RunContext } from '../../../src/proposals/confidence.js';
import { generateProposals } from '../../../src/proposals/generate.js';
import { type HypothesisTest, hypothesisHistory, selectionFactor, testedHypotheses } from '../../../src/proposals/hypothesis-ledger.js';
import { loadPolicy } from '../../../src/proposals/policy.js';
import { Random } from '../../../src/seed/random.js';
import { diagnostics, finding, liveConfigs } from './fixtures.js';

const DAY_MS = 86_400_000;
const WINDOW = { start: '2025-01-01T00:00:00.000Z', end: '2025-04-01T00:00:00.000Z' };

/** An earlier test of the same hypothesis on the window ending `weeksBefore` weeks before WINDOW's end. */
function earlier(weeksBefore: number, overrides: Partial<HypothesisTest> = {}): HypothesisTest {
  const shift = (iso: string) => new Date(Date.parse(iso) - weeksBefore * 7 * DAY_MS).toISOString();
  return {
    hypothesis_id: 'h',
    section: 'performance',
    kind: 'SECTOR_LOSES',
    metric: 'mean_return',
    subject: { sector: 'Energy' },
    window_start: shift(WINDOW.start),
    window_end: shift(WINDOW.end),
    n: 400,
    effect: -0.01,
    p: 0.01,
    q: 0.05,
    finding: weeksBefore % 2 === 0,
    ...overrides,
  };
}

test('every distinct window is a try; the same window analysed again is not; the distinct data is shown beside', () => {
  assert.equal(hypothesisHistory(WINDOW, -0.01, []).trials, 1);
  assert.equal(hypothesisHistory(WINDOW, -0.01, [earlier(0)]).trials, 1, 'the same window again is no new try');
  const year = Array.from({ length: 52 }, (_, i) => earlier(i + 1));
  const history = hypothesisHistory(WINDOW, -0.01, year);
  assert.equal(history.earlier_tests, 52);
  assert.equal(history.trials, 53);
  assert.equal(history.earlier_findings, 26);
  assert.equal(history.same_sign, 52);
  // A 90-day window slid back 52 weeks covers 90 + 364 days: about 5 windows of distinct data.
  assert.ok(Math.abs(history.windows_of_data - (90 + 364) / 90) < 1e-9, String(history.windows_of_data));
  assert.equal(history.first_window_start, year[51]!.window_start);
  assert.equal(hypothesisHistory(WINDOW, 0.01, year).same_sign, 0);
});

/** Share of null histories in which some of `looks` weekly 90-day windows reaches a two-sided p below each level. */
function nullFamilywiseRates(looks: number, levels: { p: number; z: number }[], runs: number): number[] {
  const random = Random.stream(13, 'hypothesis-ledger');
  const days = 90 + 7 * (looks - 1);
  const hits = levels.map(() => 0);
  for (let r = 0; r < runs; r += 1) {
    const cumulative = [0];
    for (let d = 0; d < days; d += 1) cumulative.push(cumulative[d]! + random.normal());
    let maxZ = 0;
    for (let k = 0; k < looks; k += 1) maxZ = Math.max(maxZ, Math.abs(cumulative[7 * k + 90]! - cumulative[7 * k]!) / Math.sqrt(90));
    levels.forEach((level, i) => (hits[i]! += maxZ > level.z ? 1 : 0));
  }
  return hits.map((h) => h / runs);
}

test('under no effect, 52 weekly looks find more than their distinct data suggests, and no more than Šidák over the looks allows', () => {
  const levels = [
    { p: 0.05, z: 1.959964 },
    { p: 0.01, z: 2.575829 },
  ];
  const rates = nullFamilywiseRates(52, levels, 3000);
  console.log(`family-wise rates of 52 weekly looks: ${rates.join(', ')} at p < ${levels.map((l) => l.p).join(', ')}`);
  levels.forEach((level, i) => {
    const byData = 1 - (1 - level.p) ** ((90 + 7 * 51) / 90);
    const byLooks = 1 - selectionFactor(level.p, 52) * (1 - level.p);
    assert.ok(rates[i]! > byData + 0.05, `counting distinct data (${byData}) would under-charge: ${rates[i]}`);
    assert.ok(rates[i]! <= byLooks, `Šidák over the looks (${byLooks}) bounds it: ${rates[i]}`);
  });
});

test('the extra tries are charged as Šidák: nothing for a strong finding, much for a weak one', () => {
  assert.equal(selectionFactor(0.04, 1), 1);
  assert.ok(Math.abs(selectionFactor(0.04, 5) - 0.96 ** 4) < 1e-12);
  assert.ok(selectionFactor(1e-12, 50) > 0.999_999);
  assert.throws(() => selectionFactor(Number.NaN, 2), /p must be in \[0, 1\]/);
  assert.throws(() => hypothesisHistory({ start: WINDOW.end, end: WINDOW.end }, 1, []), /window .* is empty/);
});

test('a hypothesis tested many times before gets a lower confidence, with its history shown', () => {
  const f = finding('SECTOR_LOSES', { sector: 'Energy' }, { id: 'h', p: 0.02, effect: -0.004, ci: [-0.0075, -0.0005] });
  const run: RunContext = { dataQualityScore: 1, priors: {}, windowToEvaluation: 90 / 14, histories: { h: hypothesisHistory(WINDOW, f.effect, []) } };
  const first = findingConfidence(f, run);
  const often = findingConfidence(f, {
    ...run,
    histories: {
      h: hypothesisHistory(
        WINDOW,
        f.effect,
        Array.from({ length: 26 }, (_, i) => earlier(2 * i + 1)),
      ),
    },
  });
  assert.equal(first.components.selection.value, 1);
  assert.ok(Math.abs(often.components.selection.value - 0.98 ** 26) < 1e-12, 'the 26 earlier windows are 26 extra tries');
  assert.match(first.components.selection.detail, /first test/);
  assert.ok(often.value < first.value, `${often.value} < ${first.value}`);
  assert.match(often.components.selection.detail, /a finding in 0 of 26 earlier runs, same sign in 26/);
  assert.equal(often.history?.earlier_tests, 26);
  assert.ok(!often.not_measured.some((line) => /selection/.test(line)));
});

test('every tested cell goes to the ledger once, findings marked, with the run window', () => {
  const f = finding('SECTOR_LOSES', { sector: 'Energy' });
  const result = diagnostics([f]);
  const tests = testedHypotheses(result);
  const tested = Object.values(result.diagnostics)
    .flat()
    .filter((c) => c.status === 'tested' && typeof c.p === 'number');
  assert.equal(tests.length, new Set(tested.map((c) => c.id)).size);
  assert.ok(tests.every((t) => t.window_start === result.window.start && t.window_end === result.window.end));
  assert.deepEqual(
    tests.filter((t) => t.finding).map((t) => t.hypothesis_id),
    tested.filter((c) => c.id === f.id).map((c) => c.id),
  );
});

test('proposals carry the ledger history in their confidence when earlier tests are given', () => {
  const f = finding('STRATEGY_LOSES_IN_REGIME', { strategy_id: 'momentum', regime_label: 'CRISIS' });
  const result = diagnostics([f]);
  const ctx = { runId: 'run-1', now: new Date('2025-03-31T06:00:00Z') };
  const without = generateProposals(result, liveConfigs(), loadPolicy(), ctx);
  const withLedger = generateProposals(result, liveConfigs(), loadPolicy(), { ...ctx, earlierTests: { [f.id]: [earlier(4, { hypothesis_id: f.id })] } });
  assert.ok(without.length > 0);
  assert.ok(without.every((d) => d.confidence_json.not_measured.some((line) => /selection across runs/.test(line))));
  assert.ok(withLedger.every((d) => d.confidence_json.history?.earlier_tests === 1));
  assert.match(withLedger[0]!.deterministic_rationale_text, /selection [\d.]+: tested in 1 earlier runs/);
});
