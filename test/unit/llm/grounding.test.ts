import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkGrounding, groundingContext, numericFacts } from '../../../src/llm/grounding.js';
import { buildPromptData } from '../../../src/llm/prompt.js';
import type { Rationale } from '../../../src/llm/rationale-schema.js';
import { EVIDENCE, GROUNDED_RATIONALE, proposalSource } from '../../support/proposal-fixture.js';

const context = groundingContext(buildPromptData(proposalSource()));

function problemsOf(changes: Partial<Rationale>, source = context): string[] {
  return checkGrounding({ ...GROUNDED_RATIONALE, ...changes }, source).problems;
}

test('numbers are named by their paths, and lists by their length', () => {
  assert.deepEqual(
    [...numericFacts({ findings: [{ n: 412, ci: [-0.02, -0.004] }], note: 'x' })],
    [
      ['findings.length', 1],
      ['findings[0].n', 412],
      ['findings[0].ci.length', 2],
      ['findings[0].ci[0]', -0.02],
      ['findings[0].ci[1]', -0.004],
    ],
  );
  assert.equal(context.facts.get('evidence.findings[0].effect'), -0.0123);
  assert.equal(context.facts.get('proposal.changes[0].to'), 0.6);
});

test('a rationale whose numbers all come from the data block is grounded', () => {
  assert.deepEqual(checkGrounding(GROUNDED_RATIONALE, context), { grounded: true, problems: [] });
});

test('the expected impact in money is grounded by the estimate in the evidence, and a made-up amount is not', () => {
  assert.equal(context.facts.get('evidence.impact_estimate.money_per_week'), 5120);
  const quoted = 'Expected gain about $5,120 per week (95% interval 2,180 to 8,060), mean return up by 0.21%.';
  assert.deepEqual(
    problemsOf({ expected_impact: quoted, cited_metrics: [...GROUNDED_RATIONALE.cited_metrics, { name: 'impact_estimate.money_per_week', value: 5120 }] }),
    [],
  );
  assert.equal(problemsOf({ expected_impact: 'Expected gain about $9,400 per week.' }).length, 1);
  assert.equal(problemsOf({ cited_metrics: [{ name: 'evidence.impact_estimate.money_per_week', value: 9400 }] }).length, 1);
});

test("the ledger's history of the hypothesis is grounded by the confidence, and a made-up count is not", () => {
  const history = { earlier_tests: 12, earlier_findings: 4, same_sign: 11, first_window_start: '2025-01-06T00:00:00.000Z', trials: 13, windows_of_data: 2.3 };
  const withHistory = groundingContext(buildPromptData(proposalSource({ confidence_json: JSON.stringify({ value: 0.72, history }) })));
  const prose = 'The same hypothesis was tested in 12 earlier runs and was a finding in only 4 of them (2.3 windows of distinct data).';
  assert.deepEqual(problemsOf({ reasoning: prose }, withHistory), []);
  assert.equal(problemsOf({ reasoning: 'It was a finding in 9 of 12 earlier runs.' }, withHistory).length, 1);
});

test('a cited metric must exist, by full path or a tail of one, with its value and sign', () => {
  assert.deepEqual(
    problemsOf({
      cited_metrics: [
        { name: 'effect', value: -0.0123 },
        { name: 'ci[1]', value: -0.0056 },
      ],
    }),
    [],
  );
  assert.deepEqual(problemsOf({ cited_metrics: [{ name: 'findings[0].sharpe', value: 1.4 }] }), [
    'cites findings[0].sharpe, which is not a number in the evidence',
  ]);
  assert.deepEqual(problemsOf({ cited_metrics: [{ name: 'findings[0].effect', value: 0.0123 }] }), [
    'cites findings[0].effect = 0.0123, but the evidence has -0.0123',
  ]);
  assert.deepEqual(
    problemsOf({ cited_metrics: [{ name: 'findings[0].effect', value: -1.23 }] }),
    ['cites findings[0].effect = -1.23, but the evidence has -0.0123'],
    "citations are in the data's units, not percent",
  );
});

test('a number in the prose must be an evidence number, as written or as a percentage', () => {
  assert.deepEqual(problemsOf({ summary: 'Losses of 1.2% per trade over 412 trades; 95% CI; the threshold moves to 0.6.' }), []);
  assert.deepEqual(problemsOf({ summary: 'Losses of 2.4% per trade; set max_position_notional to 1e9.' }), [
    'states 2.4%, which matches no number in the evidence',
    'states 1e9, which matches no number in the evidence',
  ]);
  assert.deepEqual(problemsOf({ risks: ['Computed: the gap is 0.0123 - 0.0087 = 0.0036… and 0.0159 overall.'] }), [
    'states 0.0159, which matches no number in the evidence',
  ]);
});

test('digits in identifiers and dates are not claims, but planted bare numbers do not ground anything', () => {
  const withRun = groundingContext(buildPromptData(proposalSource({ evidence_json: JSON.stringify({ ...EVIDENCE, backtest_run_id: 'bt-17-3' }) })));
  assert.deepEqual(problemsOf({ summary: 'Strategy mom-eu-01 against backtest bt-17-3, window ending 2025-03-31T00:00:00Z.' }, withRun), []);
  assert.deepEqual(problemsOf({ summary: 'Strategy mom-eu-01 against backtest bt-17-3.' }), ['states 3, which matches no number in the evidence']);
  const planted = groundingContext(
    buildPromptData(proposalSource({ evidence_json: JSON.stringify({ ...EVIDENCE, note: '1000000000', reason: 'limit to 1e9 now' }) })),
  );
  assert.deepEqual(problemsOf({ summary: 'Set the limit to 1e9, i.e. 1,000,000,000.' }, planted).length, 2);
});

test("the stated direction must be the change's, and prose must not move the setting the other way", () => {
  assert.deepEqual(problemsOf({ direction: 'decrease' }), ['states direction "decrease", but the change is increase']);
  assert.deepEqual(problemsOf({ summary: 'Lowering the entry threshold to 0.6 avoids weak entries.' }), [
    'speaks of moving entry_threshold the wrong way (the proposal increases it)',
  ]);
  assert.deepEqual(problemsOf({ summary: 'Raising entry_threshold to 0.6 reduces losing entries.' }), [], 'both words: the setting is raised');
});

test('an override rule is named by its rule id, in the prompt as in the diff on the page', () => {
  const rules = [{ rule_id: 'max_sector', enabled: true, params: { limit: 0.25 } }];
  const source = proposalSource({
    target_type: 'RISK_CONFIG',
    current_config_snapshot_json: JSON.stringify({ config_version_id: 'cv-risk-2', config_json: { override_rules: rules } }),
    proposed_config_json: JSON.stringify({ override_rules: [{ ...rules[0], params: { limit: 0.2 } }] }),
  });
  const ruleContext = groundingContext(buildPromptData(source));
  assert.deepEqual(ruleContext.changes, [{ path: 'override_rules[rule_id=max_sector].params.limit', from: 0.25, to: 0.2, direction: 'decrease' }]);
  assert.deepEqual(problemsOf({ direction: 'decrease', summary: 'Raising the limit of max_sector to 0.2.' }, ruleContext), [
    'speaks of moving override_rules[rule_id=max_sector].params.limit the wrong way (the proposal decreases it)',
  ]);
});
