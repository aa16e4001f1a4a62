/**
 * Workflow code runs in Temporal's deterministic sandbox: it may import nothing from Node, pg, kysely,
 * openai (or any I/O library). Checked on the real bundle the worker loads, so a transitive import is
 * caught as surely as a direct one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../../src/worker.js';

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

/** Pure modules outside src/workflows that workflow code may use (no imports of their own but types). */
const ALLOWED_SOURCE_MODULES = ['./src/proposals/policy-rules.ts', './src/proposals/lifecycle.ts', './src/llm/settings.ts'];
/** The SDK and what it bundles itself. */
const ALLOWED_PACKAGES = ['@temporalio', 'nexus-rpc', 'long', 'ms'];

test('the workflow bundle contains only workflow code, pure rules and the Temporal SDK', async () => {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
  const modules = [...new Set([...code.matchAll(/"(\.\/(?:src|node_modules)\/[^"]+)"/g)].map((m) => m[1] as string))];
  assert.ok(modules.includes('./src/workflows/proposal-approval.ts'), "the scan sees the bundle's modules");

  const packages = [
    ...new Set(modules.filter((m) => m.startsWith('./node_modules/')).map((m) => m.split('/').slice(2, m.includes('/@') ? 4 : 3)[0] as string)),
  ];
  const forbidden = packages.filter((p) => !ALLOWED_PACKAGES.includes(p));
  assert.deepEqual(forbidden, [], `packages bundled into workflow code: ${forbidden.join(', ')}`);
  for (const name of ['pg', 'kysely', 'openai', 'zod']) assert.ok(!packages.includes(name), `${name} is bundled`);

  const sources = modules.filter((m) => m.startsWith('./src/') && !m.startsWith('./src/workflows/'));
  assert.deepEqual(
    sources.filter((m) => !ALLOWED_SOURCE_MODULES.includes(m)),
    [],
    'non-workflow sources in the bundle',
  );
  assert.doesNotMatch(code, /require\(["']node:/, 'a Node built-in is required');
});
