/**
 * What an operator watches: the service's metrics at GET /metrics (read from PostgreSQL), the Temporal
 * SDK's metrics exported for Prometheus by the worker's runtime, and a run's report (API and `kronos report`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../src/temporal/dev-server.js';
import { type ApiTestBed, pendingApproval, startApiTestBed } from '../../support/api-fixture.js';
import { EVIDENCE, insertProposal } from '../../support/proposal-fixture.js';
import { testTemporalAddress } from '../../support/temporal.js';

let bed: ApiTestBed;

before(async () => {
  bed = await startApiTestBed('api-observability');
});

after(async () => {
  await bed?.close();
});

/** The value of one sample line (`name{labels} value`) of a Prometheus text exposition. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  test("the service's metrics follow the database: proposals by status, approvals, analysis durations, model calls", async () => {
    const db = bed.database.db;
    const approved = await pendingApproval(bed, { proposedBy: 'alice' });
    await pendingApproval(bed);
    assert.equal((await bed.call('POST', `/proposals/${approved.proposalId}/approve`, { as: 'bob', body: { reason: 'ok' } })).status, 200);
    await db
      .insertInto('meta_analysis_runs')
      .values([
        {
          run_id: 'run-a',
          started_at: '2026-01-05T06:00:00Z',
          finished_at: '2026-01-05T06:00:40Z',
          as_of: '2026-01-05T06:00:00Z',
          window_start: '2025-10-07T06:00:00Z',
          window_end: '2026-01-05T06:00:00Z',
          status: 'COMPLETED',
        },
        {
          run_id: 'run-b',
          started_at: '2026-01-12T06:00:00Z',
          finished_at: '2026-01-12T06:10:00Z',
          as_of: '2026-01-12T06:00:00Z',
          window_start: '2025-10-14T06:00:00Z',
          window_end: '2026-01-12T06:00:00Z',
          status: 'FAILED',
        },
        { run_id: 'run-c', as_of: '2026-01-19T06:00:00Z', window_start: '2025-10-21T06:00:00Z', window_end: '2026-01-19T06:00:00Z' },
      ])
      .execute();
    await insertProposal(db, { rationale_status: 'LLM_GROUNDED', rationale_model: 'gpt-4o-mini', rationale_latency_ms: 1_500 });
    await insertProposal(db, { rationale_status: 'LLM_UNGROUNDED', rationale_model: 'gpt-4o-mini', rationale_latency_ms: 700 });
    const timedOut = JSON.stringify({ fallback: { reason: 'TIMEOUT', detail: 'no answer in 30 s' } });
    await insertProposal(db, {
      rationale_status: 'TEMPLATE_FALLBACK',
      rationale_model: 'gpt-4o-mini',
      rationale_latency_ms: null,
      rationale_usage_json: timedOut,
    });
    await insertProposal(db, { rationale_status: 'TEMPLATE_NO_KEY', rationale_model: null, rationale_latency_ms: null });

    const res = await fetch(`${bed.api.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.equal(sample(text, 'kronos_proposals{status="PENDING"}'), 5);
    assert.equal(sample(text, 'kronos_proposals{status="APPLIED"}'), 1);
    assert.equal(sample(text, 'kronos_proposals{status="REJECTED"}'), 0);
    assert.equal(sample(text, 'kronos_approvals_total'), 1);
    assert.equal(sample(text, 'kronos_auto_applies_total'), 0);
    assert.equal(sample(text, 'kronos_analysis_duration_seconds_count{status="COMPLETED"}'), 1);
    assert.equal(sample(text, 'kronos_analysis_duration_seconds_sum{status="FAILED"}'), 600);
    assert.equal(sample(text, 'kronos_analysis_duration_seconds_bucket{le="60",status="COMPLETED"}'), 1);
    assert.equal(sample(text, 'kronos_llm_latency_seconds_count'), 2);
    assert.equal(sample(text, 'kronos_llm_latency_seconds_bucket{le="1"}'), 1);
    assert.equal(sample(text, 'kronos_llm_failures_total{status="LLM_UNGROUNDED",reason="UNGROUNDED"}'), 1);
    assert.equal(sample(text, 'kronos_llm_failures_total{status="TEMPLATE_FALLBACK",reason="TIMEOUT"}'), 1);
    assert.ok(!text.includes('status="LLM_GROUNDED"') && !text.includes('status="TEMPLATE_NO_KEY"'), 'successes and runs without a model are no failures');
    assert.ok(sample(text, 'process_resident_memory_bytes')! > 0);
  });

  test("the Temporal SDK's metrics are exported for Prometheus by the runtime", async () => {
    // A process of its own: this one's runtime is already installed by the test worker.
    const probe = new URL('../../support/telemetry-probe.ts', import.meta.url).pathname;
    const { stdout: text } = await promisify(execFile)(process.execPath, ['--import', 'tsx', probe, testTemporalAddress(), String(await freePort())]);
    assert.match(text, /^temporal_long_request_total\{namespace="default",operation="PollActivityTaskQueue",.*\} [1-9]\d*$/m);
    assert.match(text, /^temporal_request_latency_seconds_bucket\{operation="GetSystemInfo",.*le="\+Inf"\} 1$/m, 'durations in seconds');
  });
});

describe('run report', () => {
  test('GET /analysis-runs/:id/report renders the run with its findings and proposals, as HTML', async () => {
    const db = bed.database.db;
    await db
      .insertInto('meta_analysis_runs')
      .values({
        run_id: 'run-report',
        started_at: '2026-02-02T06:00:00Z',
        finished_at: '2026-02-02T06:01:30Z',
        as_of: '2026-02-02T06:00:00Z',
        window_start: '2025-11-04T06:00:00Z',
        window_end: '2026-02-02T06:00:00Z',
        status: 'COMPLETED',
        diagnostics_json: JSON.stringify({ findings: EVIDENCE.findings }),
        data_quality_json: JSON.stringify(EVIDENCE.data_quality),
      })
      .execute();
    await insertProposal(db, { analysis_run_id: 'run-report' });
    const res = await fetch(`${bed.api.url}/analysis-runs/run-report/report`, { headers: { authorization: `Bearer ${bed.tokens.carol}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(html, /<h1>Analysis run run-report<\/h1>/);
    assert.match(html, /Findings \(1\)/);
    assert.match(html, /LOW_SCORE_LOSES: effect on mean_return/);
    assert.match(html, /Proposals \(1\)/);
    assert.ok((html.match(/<svg /g) ?? []).length >= 3);
  });

  test('`kronos report` writes the same page to a file, and names a run it cannot find in one line', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'kronos-report-')), 'report.html');
    const written = await kronos('report', 'run-report', '--out', out, '--database-url', bed.database.url);
    assert.equal(written.code, 0, written.stderr);
    assert.equal(written.stderr, `wrote the report of run-report to ${out}\n`);
    assert.match(readFileSync(out, 'utf8'), /<h1>Analysis run run-report<\/h1>/);
    const missing = await kronos('report', 'no-such-run', '--database-url', bed.database.url);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'kronos: no analysis run no-such-run (GET /analysis-runs on the API lists them)\n');
  });

  test('`kronos api` without tokens refuses to start, in one line', async () => {
    const result = await kronos('api', '--port', '1');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^kronos: no API tokens configured: set KRONOS_API_TOKENS=/);
    assert.equal(result.stderr.split('\n').length, 2, 'one line');
  });
});

/** Runs the `kronos` command; resolves with its exit code and output. */
async function kronos(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, KRONOS_API_TOKENS: '', KRONOS_API_TOKENS_FILE: '' };
  return promisify(execFile)(process.execPath, ['bin/kronos.js', ...args], { env }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );
}
