/**
 * Replays every recorded workflow history (test/fixtures/histories/*.json, recorded from real runs with
 * KRONOS_RECORD_HISTORIES=1) against the current workflow code: a change that would break a running
 * workflow (a step added, removed or reordered without `patched()`) fails here. Needs no server.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../src/worker.js';
import { HISTORIES_DIR } from '../support/temporal.js';

// Warnings and errors only: each replay starts and stops a worker.
Runtime.install({ logger: new DefaultLogger('WARN') });

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

interface RecordedHistory {
  workflowId: string;
  history: unknown;
}

const recorded = readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ name: path.basename(file, '.json'), ...(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as RecordedHistory) }));

let current: WorkflowBundle;

before(async () => {
  current = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
});

describe('recorded histories replay against the current workflow code', () => {
  test('there is a history of each workflow', () => {
    const types = new Set(recorded.map((r) => r.name.split('-')[0]));
    for (const prefix of ['approval', 'analysis', 'black']) assert.ok(types.has(prefix), `no recorded history of a ${prefix} workflow`);
  });

  for (const { name, workflowId, history } of recorded) {
    test(name, async () => {
      await Worker.runReplayHistory({ workflowBundle: current }, history, workflowId);
    });
  }
});

test('a non-deterministic change to the approval workflow fails the replay', async () => {
  const changed = await bundleWorkflowCode({ workflowsPath: path.join(import.meta.dirname, 'changed-workflows.ts'), logger: quiet });
  const approval = recorded.find((r) => r.name.startsWith('approval-'));
  assert.ok(approval, 'an approval history is recorded');
  await assert.rejects(Worker.runReplayHistory({ workflowBundle: changed }, approval.history, approval.workflowId), DeterminismViolationError);
});
