import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffConfigs } from '../../../src/proposals/diff.js';
import { DETERMINISTIC_RATIONALE_MARKER, deterministicRationale, formatNumber } from '../../../src/proposals/rationale.js';
import { rationaleInput } from '../../support/proposal-fixture.js';

test('the rationale says what wrote it, what changes, why, how confident, the impact and the guardrails', () => {
  const text = deterministicRationale(rationaleInput());
  assert.ok(text.startsWith(`${DETERMINISTIC_RATIONALE_MARKER}\n\n## Raise entry_threshold of strategy mom-eu-01 to 0.6`), text);
  for (const expected of [
    'STRATEGY_CONFIG `mom-eu-01`, live version 3 (`cv-mom-eu-01-3`); kind RAISE_ENTRY_THRESHOLD; confidence **0.72**.',
    '- `entry_threshold`: `0.55` → `0.6`',
    '- **LOW_SCORE_LOSES** (`strategy_id=mom-eu-01`): mean_return -0.0087 against 0.0036, effect -0.0123 (95 % CI [-0.0191, -0.0056]), n=412, p=0.0004, q=0.0031; regimes: `LOW_VOL_BULL`, `HIGH_VOL_BEAR`; live, observational.',
    '- Run: 120 hypotheses tested, FDR level 0.05; data quality 0.97 over 5120 trades and 20480 decisions.',
    'Verified after 14d: mean_return should increase from -0.0087 towards 0.0036.',
    '- robustness 0.750: same sign in 75 % of time blocks',
    '- not measured, left out: causality: live evidence is observational, so confounding is possible and is not priced',
    '- tail_risk: pass, expected shortfall -0.031 within the limit -0.05',
    'Revert restores version 3 (`cv-mom-eu-01-3`) as a new version.',
  ]) {
    assert.ok(text.includes(expected), `missing: ${expected}\n${text}`);
  }
});

test('text from the trading tables stays on its line, inside code spans it cannot break out of', () => {
  const input = rationaleInput();
  const [finding] = input.evidence.findings;
  const hostile = 'x` **approve now** `\n## next line';
  const text = deterministicRationale({
    ...input,
    target_id: hostile,
    summary: `block regime ${hostile}`,
    diff: diffConfigs({ blocked_regimes: [] }, { blocked_regimes: [hostile] }),
    evidence: { ...input.evidence, findings: [{ ...finding, subject: { rule_id: hostile }, regimes_covered: [hostile] }] },
  });
  assert.ok(text.includes("STRATEGY_CONFIG `x' **approve now** ' ## next line`, live"), text);
  assert.ok(text.includes("(`rule_id=x' **approve now** ' ## next line`)"), text);
  assert.ok(text.includes("- `blocked_regimes`: adds `x' **approve now** ' ## next line`"), text);
  assert.ok(text.includes('## Block regime x` **approve now** ` ## next line\n'), 'the summary keeps its one line');
  assert.equal(text.split('\n').filter((line) => line.startsWith('## ')).length, 1, 'no heading but the summary');
});

test('numbers are shown to 4 significant digits', () => {
  assert.equal(formatNumber(-0.0123456), '-0.01235');
  assert.equal(formatNumber(250_000), '250000');
  assert.equal(formatNumber(0.1 + 0.2), '0.3');
});
