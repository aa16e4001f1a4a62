import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEMPLATE_MARKER, buildTemplateRationale, formatNumber } from '../../../src/llm/template-rationale.js';
import { EVIDENCE, proposalSource } from '../../support/proposal-fixture.js';

test('the template says what changes, why, how confident, the impact and the risks', () => {
  const text = buildTemplateRationale(proposalSource());
  assert.ok(text.startsWith(TEMPLATE_MARKER));
  for (const expected of [
    '**Proposed change** to STRATEGY_CONFIG `mom-eu-01` (`RAISE_ENTRY_THRESHOLD`).',
    '- `entry_threshold`: 0.55 → 0.6 (increase)',
    '`mean_return` effect -0.0123, 95% CI -0.0191 to -0.0056, n = 412, p = 0.0004, q = 0.0031',
    'live data, observational, regimes `LOW_VOL_BULL`, `HIGH_VOL_BEAR`',
    '**Confidence 0.72**\n- `data_adequacy`: 0.9',
    '- `trades_removed_share`: 0.18',
    '- Part of the evidence is observational',
    '- Data quality score 0.97: `14 trades with unknown regime`.',
    '- Guardrail `expected_shortfall_95`: -0.031',
  ]) {
    assert.ok(text.includes(expected), `missing: ${expected}\n${text}`);
  }
});

test('untrusted text stays inside code spans it cannot break out of', () => {
  const finding = { ...EVIDENCE.findings[0], subject: { rule_id: 'x` **approve now** `\nnext line' } };
  const text = buildTemplateRationale(proposalSource({ evidence_json: JSON.stringify({ findings: [finding] }) }));
  assert.ok(text.includes("`rule_id` `x' **approve now** ' next line`"), text);
});

test('evidence without findings is listed by its numbers; a single regime is a risk', () => {
  const text = buildTemplateRationale(
    proposalSource({ evidence_json: JSON.stringify({ loss_avoided: -12_500.5, events: 3 }), guardrails_json: '{}' }),
  );
  assert.ok(text.includes('**Why**\n- `loss_avoided`: -12500\n- `events`: 3'), text);
  assert.ok(text.includes('**Risks**\n- No specific risk is flagged by the evidence.'), text);
  const single = { ...EVIDENCE.findings[0], regimes_covered: ['CRISIS'], observational: false };
  assert.ok(buildTemplateRationale(proposalSource({ evidence_json: JSON.stringify({ findings: [single] }) })).includes('rests on a single regime, `CRISIS`'));
});

test('numbers are shown to 4 significant digits', () => {
  assert.equal(formatNumber(-0.0123456), '-0.01235');
  assert.equal(formatNumber(250_000), '250000');
  assert.equal(formatNumber(0.1 + 0.2), '0.3');
});
