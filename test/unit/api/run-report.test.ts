import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderRunReport } from '../../../src/api/run-report.js';

const finding = {
  id: 'f1',
  kind: 'STRATEGY_LOSES_IN_REGIME',
  subject: { strategy_id: 'momentum', regime_label: 'CRISIS' },
  metric: 'mean_return',
  n: 140,
  effect: -0.012,
  ci: [-0.02, -0.004],
  ci_level: 0.95,
  q: 0.008,
  value: -0.008,
  baseline: 0.004,
  status: 'tested',
};
const cell = (strategy: string, regime: string, effect: number | null, status = 'tested') => ({
  ...finding,
  id: `c-${strategy}-${regime}`,
  subject: { strategy_id: strategy, regime_label: regime },
  effect,
  ci: effect === null ? [null, null] : [effect - 0.01, effect + 0.01],
  status,
});
const neighbours = [finding, cell('momentum', 'CALM', 0.004), cell('momentum', 'BULL', null, 'insufficient'), cell('carry', 'CRISIS', 0.001)];

test('the run report is one self-contained HTML page with charts, and every value is escaped', () => {
  const html = renderRunReport({
    neighbours: new Map([['f1', neighbours]]),
    run: {
      run_id: 'run-<1>',
      started_at: new Date('2026-01-05T06:00:00Z'),
      finished_at: new Date('2026-01-05T06:03:00Z'),
      as_of: new Date('2026-01-05T06:00:00Z'),
      window_start: new Date('2025-10-07T06:00:00Z'),
      window_end: new Date('2026-01-05T06:00:00Z'),
      status: 'COMPLETED',
      stage: 'done',
      trigger: 'schedule',
      summary_json: { proposals: 1, findings: 1 },
      data_quality_json: { score: 0.97, notes: ['<script>alert(1)</script>'] },
      diagnostics_json: { diagnostics: { performance: neighbours }, findings: [finding] },
      error: null,
    },
    proposals: [
      {
        proposal_id: 'p1',
        target_type: 'STRATEGY_CONFIG',
        target_id: 'momentum',
        kind: 'REGIME_FILTER',
        status: 'PENDING',
        confidence: 0.71,
        auto_applicable: true,
      },
    ],
  });
  assert.match(html, /^<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Kronos analysis run run-&lt;1&gt;<\/title><style>/);
  assert.ok(!html.includes('<script'), 'no script, injected or otherwise');
  assert.ok(!/\b(src|href)=/.test(html), 'nothing fetched from elsewhere');
  assert.equal((html.match(/<svg /g) ?? []).length, 5, 'effects, by regime, by strategy, comparison, proposals confidence');
  assert.match(html, /mean_return of momentum by regime_label/);
  assert.match(html, /mean_return of CRISIS by strategy_id/);
  assert.match(html, /<tr><td>performance<\/td><td class="num">4<\/td><td class="num">3<\/td><td class="num">1<\/td><td class="num">1<\/td><\/tr>/);
  assert.match(html, /3\.0 min/);
  assert.match(html, /Findings \(1\)/);
  assert.match(html, /<td class="num">\[-2\.00 %, -0\.40 %\]<\/td>/);
  assert.match(html, /<td class="status">PENDING<\/td>/);
});
