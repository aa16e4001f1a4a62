/**
 * Reading through the API: the review queue (filters, sorting by confidence and age, paging, text search),
 * one proposal with its audit trail, workflow state and evidence panels, analysis runs, and starting an
 * analysis workflow.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiTestBed, pendingApproval, startApiTestBed } from '../../support/api-fixture.js';
import { pendingProposal } from '../../support/approval-fixture.js';
import { insertEpisodes, keyEpisodesByProposal } from '../../support/episode-fixture.js';
import { EVIDENCE, insertProposal } from '../../support/proposal-fixture.js';

let bed: ApiTestBed;

before(async () => {
  bed = await startApiTestBed('api-reading');
});

after(async () => {
  await bed?.close();
});

describe('GET /proposals', () => {
  test('filters by status and target, sorts by confidence or age, pages, and finds text', async () => {
    const db = bed.database.db;
    const made = [
      { id: 'q-old-low', confidence: 0.3, created_at: '2026-01-01T00:00:00Z', target_id: 'alpha' },
      { id: 'q-mid-high', confidence: 0.9, created_at: '2026-01-02T00:00:00Z', target_id: 'beta' },
      { id: 'q-new-high', confidence: 0.9, created_at: '2026-01-03T00:00:00Z', target_id: 'gamma' },
      { id: 'q-new-mid', confidence: 0.6, created_at: '2026-01-04T00:00:00Z', target_id: 'alpha' },
    ];
    for (const p of made) {
      await insertProposal(db, {
        proposal_id: p.id,
        confidence: p.confidence,
        created_at: p.created_at,
        target_id: p.target_id,
        dedupe_key: p.id,
        target_type: 'RISK_CONFIG',
        kind: 'RISK_BUDGET',
      });
    }
    await insertProposal(db, { proposal_id: 'q-rejected', status: 'REJECTED', target_type: 'RISK_CONFIG', dedupe_key: 'q-rejected' });
    const ids = async (query: string) => {
      const res = await bed.call('GET', `/proposals?target_type=RISK_CONFIG&${query}`, { as: 'carol' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return { ids: res.body.items.map((p: { proposal_id: string }) => p.proposal_id), total: res.body.total };
    };
    assert.deepEqual(await ids('status=PENDING'), { ids: ['q-mid-high', 'q-new-high', 'q-new-mid', 'q-old-low'], total: 4 });
    assert.deepEqual((await ids('status=PENDING&sort=age')).ids, ['q-old-low', 'q-mid-high', 'q-new-high', 'q-new-mid']);
    assert.deepEqual((await ids('status=PENDING&sort=age&order=asc')).ids, ['q-new-mid', 'q-new-high', 'q-mid-high', 'q-old-low']);
    assert.deepEqual(await ids('status=PENDING&limit=2&offset=2'), { ids: ['q-new-mid', 'q-old-low'], total: 4 });
    assert.deepEqual((await ids('status=PENDING&target_id=alpha')).ids, ['q-new-mid', 'q-old-low']);
    assert.deepEqual((await ids('q=GAM')).ids, ['q-new-high']);
    assert.deepEqual((await ids('q=100%25')).ids, [], 'a % in the text is a literal character');
    assert.deepEqual((await ids('status=REJECTED')).ids, ['q-rejected']);
    const listed = (await bed.call('GET', '/proposals?target_type=RISK_CONFIG&limit=1', { as: 'carol' })).body.items[0];
    assert.deepEqual(listed.changed_paths, ['entry_threshold']);
    assert.equal(listed.evidence_json, undefined, 'listings leave the large JSON out');
  });
});

describe('GET /proposals/:id', () => {
  test('the whole row, the audit trail and the approval workflow state; evidence as panels with its trend', async () => {
    const proposal = await pendingApproval(bed, { proposedBy: 'alice' });
    await bed.call('POST', `/proposals/${proposal.proposalId}/approve`, { as: 'alice', body: { reason: 'mine' } });
    const res = await bed.call('GET', `/proposals/${proposal.proposalId}`, { as: 'carol' });
    assert.equal(res.status, 200);
    assert.equal(res.body.proposal.proposal_id, proposal.proposalId);
    assert.deepEqual(res.body.proposal.evidence_json.findings[0].ci, EVIDENCE.findings[0].ci);
    assert.equal(res.body.workflow.status, 'PENDING');
    assert.equal(res.body.workflow.phase, 'REVIEW');
    assert.ok(Date.parse(res.body.workflow.reviewDeadline) > Date.now());
    assert.ok(Array.isArray(res.body.events));

    // Two earlier runs saw the same cell: the trend has a point per run that made the finding.
    // The proposal's own run holds the cell among others: the same metric for other strategies is drawn
    // beside it; another metric, or another shape of subject, is not.
    const [finding] = EVIDENCE.findings;
    const other = (strategy: string, metric = finding.metric, extraKey = {}) => ({
      ...finding,
      id: `performance:${metric}:${strategy}`,
      kind: null,
      metric,
      subject: { strategy_id: strategy, ...extraKey },
      effect: 0.002,
      ci: [-0.001, 0.005],
    });
    const diagnostics = {
      performance: [finding, other('mom-us-02'), other('carry-01', 'sharpe'), other('carry-01', finding.metric, { regime_label: 'CALM' })],
    };
    await bed.database.db
      .insertInto('meta_analysis_runs')
      .values([
        {
          run_id: 'trend-1',
          started_at: '2025-03-17T00:00:00Z',
          as_of: '2025-03-17T00:00:00Z',
          window_start: '2024-12-17T00:00:00Z',
          window_end: '2025-03-17T00:00:00Z',
          diagnostics_json: JSON.stringify({ findings: [{ ...finding, effect: -0.006 }] }),
        },
        {
          run_id: 'trend-2',
          started_at: '2025-03-24T00:00:00Z',
          as_of: '2025-03-24T00:00:00Z',
          window_start: '2024-12-24T00:00:00Z',
          window_end: '2025-03-24T00:00:00Z',
          diagnostics_json: JSON.stringify({ diagnostics, findings: [finding] }),
        },
      ])
      .execute();
    await bed.database.db
      .updateTable('meta_controller_config_proposals')
      .set({ analysis_run_id: 'trend-2' })
      .where('proposal_id', '=', proposal.proposalId)
      .execute();
    const evidence = await bed.call('GET', `/proposals/${proposal.proposalId}/evidence`, { as: 'carol' });
    assert.equal(evidence.status, 200);
    const titles = evidence.body.panels.map((p: { title: string }) => p.title);
    assert.deepEqual(titles, [
      'LOW_SCORE_LOSES: effect on mean_return',
      'mean_return by strategy_id',
      'mom-eu-01: low scores against high scores',
      'mom-eu-01: mean_return effect over time',
    ]);
    assert.deepEqual(evidence.body.panels[0].bars[0], { label: 'mom-eu-01', value: -0.0123, low: -0.0191, high: -0.0056, n: 412, note: 'q=0.0031, live' });
    assert.deepEqual(
      evidence.body.panels[1].bars.map((b: { label: string; highlight: boolean }) => [b.label, b.highlight]),
      [
        ['mom-eu-01', true],
        ['mom-us-02', false],
      ],
    );
    assert.deepEqual(
      evidence.body.panels[3].bars.map((b: { label: string; value: number }) => [b.label, b.value]),
      [
        ['2025-03-17', -0.006],
        ['2025-03-24', -0.0123],
      ],
    );
  });
});

describe('analysis runs', () => {
  test('listed newest first without their diagnostics, shown with them', async () => {
    const db = bed.database.db;
    await db
      .insertInto('meta_analysis_runs')
      .values([
        {
          run_id: 'list-old',
          started_at: '2026-03-01T06:00:00Z',
          as_of: '2026-03-01T06:00:00Z',
          window_start: '2025-12-01T06:00:00Z',
          window_end: '2026-03-01T06:00:00Z',
          status: 'COMPLETED',
          diagnostics_json: JSON.stringify({ findings: [] }),
        },
        {
          run_id: 'list-new',
          started_at: '2026-03-08T06:00:00Z',
          as_of: '2026-03-08T06:00:00Z',
          window_start: '2025-12-08T06:00:00Z',
          window_end: '2026-03-08T06:00:00Z',
          status: 'RUNNING',
        },
      ])
      .execute();
    const page = await bed.call('GET', '/analysis-runs?limit=2', { as: 'carol' });
    assert.equal(page.status, 200);
    assert.deepEqual(
      page.body.items.map((r: { run_id: string }) => r.run_id),
      ['list-new', 'list-old'],
    );
    assert.equal(page.body.items[0].diagnostics_json, undefined);
    const completed = await bed.call('GET', '/analysis-runs?status=COMPLETED&limit=1', { as: 'carol' });
    assert.deepEqual(
      completed.body.items.map((r: { run_id: string }) => r.run_id),
      ['list-old'],
    );
    const one = await bed.call('GET', '/analysis-runs/list-old', { as: 'carol' });
    assert.deepEqual(one.body.diagnostics_json, { findings: [] });
    assert.equal(one.body.aggregates_json, undefined);
  });

  test('POST /analysis-runs starts metaAnalysisWorkflow on the task queue, triggered by the caller', async () => {
    const res = await bed.call('POST', '/analysis-runs', { as: 'bob', body: { as_of: '2026-03-08T06:00:00Z', window_days: 30 } });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const handle = bed.client.workflow.getHandle(res.body.analysis_run_id);
    try {
      const description = await handle.describe();
      assert.equal(description.type, 'metaAnalysisWorkflow');
      assert.equal(description.taskQueue, bed.worker.taskQueue);
      const history = await handle.fetchHistory();
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      const input = JSON.parse(Buffer.from(started?.input?.payloads?.[0]?.data ?? []).toString());
      assert.deepEqual(input, { asOf: '2026-03-08T06:00:00Z', windowDays: 30, trigger: 'api:bob' });
    } finally {
      await handle.terminate('test over').catch(() => undefined);
    }
    const bad = await bed.call('POST', '/analysis-runs', { as: 'bob', body: { window_days: 0 } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /^body\.window_days: /);
  });
});

describe('GET /similar', () => {
  test("the nearest past episodes of a strategy and each config's outcome; a bad target is 400, none is 404", async () => {
    await insertEpisodes(bed.database.db, 'api_strategy');
    const res = await bed.call('GET', '/similar?target=STRATEGY_CONFIG:api_strategy&k=3&as_of=2026-06-29T00:00:00Z', { as: 'carol' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.now.episode_id, 'api_strategy:now');
    assert.deepEqual(
      res.body.neighbours.map((e: { episode_id: string }) => e.episode_id),
      ['api_strategy:e0', 'api_strategy:e1', 'api_strategy:e2'],
    );
    assert.deepEqual(
      res.body.configs.map((c: { config_key: string }) => c.config_key),
      ['calm', 'live'],
    );
    const bad = await bed.call('GET', '/similar?target=RISK_CONFIG:global', { as: 'carol' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /expected a target such as STRATEGY_CONFIG:stat_arb/);
    const none = await bed.call('GET', '/similar?target=STRATEGY_CONFIG:nobody&as_of=2026-06-29T00:00:00Z', { as: 'carol' });
    assert.equal(none.status, 404);
  });
});

describe('GET /proposals/:id/similar', () => {
  test("the neighbours of the proposal's conditions with the proposed and the live config's outcomes, and the episodes in two dimensions", async () => {
    const db = bed.database.db;
    const { proposalId, targetId } = await pendingProposal(db);
    await insertEpisodes(db, targetId);
    await keyEpisodesByProposal(db, targetId, proposalId);
    const res = await bed.call('GET', `/proposals/${proposalId}/similar?k=4`, { as: 'carol' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.strategy_id, targetId);
    assert.equal(res.body.now.episode_id, `${targetId}:now`);
    assert.deepEqual(
      res.body.neighbours.map((e: { episode_id: string; role: string }) => `${e.episode_id.split(':')[1]} ${e.role}`),
      ['e0 proposed', 'e1 live', 'e2 proposed', 'e3 live'],
    );
    assert.deepEqual([res.body.proposed.episodes, res.body.proposed.mean_return], [2, 0.01]);
    assert.deepEqual([res.body.live.episodes, res.body.live.mean_return], [2, 0]);
    const { explained, episodes } = res.body.projection;
    assert.equal(episodes.length, 11, "every episode of the strategy, today's included");
    assert.ok(Math.abs(explained[0] - 1) < 1e-9 && Math.abs(explained[1]) < 1e-9, `the episodes lie on a line: ${explained}`);
    // On a line the projection keeps the distances: e9 is 0.9 from today's point, the nearest four are marked.
    const e9 = episodes.find((e: { episode_id: string }) => e.episode_id === `${targetId}:e9`);
    assert.ok(Math.abs(Math.abs(e9.x - res.body.now.x) - 0.9) < 1e-9, JSON.stringify(e9));
    assert.equal(episodes.filter((e: { neighbour: boolean }) => e.neighbour).length, 4);

    const risk = await insertProposal(db, { target_type: 'RISK_CONFIG', target_id: 'global', dedupe_key: `risk-${proposalId}`, kind: 'RISK_BUDGET' });
    const bad = await bed.call('GET', `/proposals/${risk}/similar`, { as: 'carol' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /is not about one strategy/);
    const quiet = await pendingProposal(db);
    assert.equal((await bed.call('GET', `/proposals/${quiet.proposalId}/similar`, { as: 'carol' })).status, 404, 'no episodes yet');
    assert.equal((await bed.call('GET', '/proposals/nobody/similar', { as: 'carol' })).status, 404);
  });
});
