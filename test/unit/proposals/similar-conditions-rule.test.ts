import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../src/analysis/findings.js';
import { planProposals } from '../../../src/proposals/generate.js';
import { CTX, diagnostics, finding, liveConfigs, testPolicy } from './fixtures.js';

function better(versionId: string, overrides: unknown, effect: number, sibling?: string): Finding {
  return finding(
    'CONFIG_BETTER_IN_SIMILAR_CONDITIONS',
    { strategy_id: 'momentum', ...(sibling ? { sibling_strategy_id: sibling } : {}), config_version_id: versionId },
    {
      metric: 'mean_return_diff',
      effect,
      ci: [effect / 2, effect * 1.5],
      value: 0.004 + effect,
      baseline: 0.004,
      observational: true,
      extra: {
        k: 40,
        now_regime_label: 'SIDEWAYS',
        live_config_version_id: 'strategy-momentum-v9',
        episodes: 11,
        live_episodes: 9,
        config_overrides: JSON.stringify(overrides),
        neighbours: 'momentum:v4:rg-2:2026-01-05 (distance 0.210, SIDEWAYS, mean 1.10 %, n=8)',
        live_neighbours: 'momentum:v9:rg-3:2026-02-02 (distance 0.250, LOW_VOL_BULL, mean 0.20 %, n=7)',
      },
    },
  );
}

test('a config that did better in similar conditions becomes a paper-trading experiment naming the neighbours, never a live change', () => {
  const { drafts } = planProposals(diagnostics([better('strategy-momentum-v4', { knobs: { vol_target: 0.12 } }, 0.009)]), liveConfigs(), testPolicy(), CTX);
  assert.equal(drafts.length, 1);
  const [draft] = drafts;
  assert.equal(draft.kind, 'SIMILAR_CONDITIONS_EXPERIMENT');
  assert.equal(draft.target_type, 'EXPERIMENT');
  assert.equal(draft.target_id, 'momentum');
  const config = draft.proposed_config_json;
  assert.equal(config.kind, 'PAPER_TRADE');
  assert.deepEqual(config.config_overrides, { knobs: { vol_target: 0.12 } });
  const hypothesis = config.hypothesis as string;
  assert.match(hypothesis, /config strategy-momentum-v4 earned 1\.30 % per trade over 11 episodes against 0\.40 % for the live strategy-momentum-v9 over 9/);
  assert.match(hypothesis, /momentum:v4:rg-2:2026-01-05 \(distance 0\.210/);
  assert.match(hypothesis, /The live config's: momentum:v9:rg-3:2026-02-02 \(distance 0\.250/);
  assert.equal(draft.expected_impact_json.metric, 'none');
});

test('of several better configs the one with the fewest changed values is tried; one with nothing to set is skipped', () => {
  const findings = [
    better('strategy-momentum-v2', { knobs: { vol_target: 0.12, lookback_days: 90 } }, 0.012),
    better('strategy-momentum-v4', { knobs: { vol_target: 0.12 } }, 0.008),
  ];
  const [draft] = planProposals(diagnostics(findings), liveConfigs(), testPolicy(), CTX).drafts;
  assert.deepEqual(draft.proposed_config_json.config_overrides, { knobs: { vol_target: 0.12 } });
  assert.deepEqual(
    draft.evidence_json.findings.map((f) => f.subject.config_version_id),
    ['strategy-momentum-v4'],
  );
  const empty = planProposals(diagnostics([better('strategy-momentum-v3', {}, 0.01)]), liveConfigs(), testPolicy(), CTX);
  assert.equal(empty.drafts.length, 0);
  assert.match(empty.skipped.map((s) => s.reason).join(' '), /differ from the live one in nothing/);
});

test("a sibling's knob values are a transfer experiment that says so; the strategy's own better config comes first", () => {
  const transfer = better('strategy-trend-v3', { knobs: { vol_target: 0.2 } }, 0.02, 'trend');
  const [draft] = planProposals(diagnostics([transfer]), liveConfigs(), testPolicy(), CTX).drafts;
  assert.equal(draft.target_id, 'momentum');
  assert.deepEqual(draft.proposed_config_json.config_overrides, { knobs: { vol_target: 0.2 } });
  const hypothesis = draft.proposed_config_json.hypothesis as string;
  assert.match(
    hypothesis,
    /its sibling trend \(a strategy with knobs of the same names\).* with config strategy-trend-v3 over 11 episodes against 0\.40 % with its live/,
  );
  assert.match(hypothesis, /what worked for the sibling may not carry over/);
  assert.match(String(draft.evidence_json.summary), /sibling trend's strategy-trend-v3's values/);
  const own = better('strategy-momentum-v4', { knobs: { vol_target: 0.12, lookback_days: 90 } }, 0.005);
  const [first] = planProposals(diagnostics([transfer, own]), liveConfigs(), testPolicy(), CTX).drafts;
  assert.deepEqual(first.proposed_config_json.config_overrides, own.extra.config_overrides && JSON.parse(String(own.extra.config_overrides)));
});
