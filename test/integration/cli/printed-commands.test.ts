/**
 * `npm start` as a user runs it: `kronos dev` in a process group of its own, on a throwaway database and
 * ports of its own. Every command it prints under "Try:" and every `npx kronos` line of README's shell
 * examples runs for real, through `sh` in the repository, against that stack and must exit 0; then a
 * Ctrl-C (SIGINT to the process group, as a terminal sends it) stops the stack with one line and exit 0.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ensureTemporalCli } from '../../../src/temporal/cli-binary.js';
import { freePort } from '../../../src/temporal/dev-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { type ProcessOutput, watchOutput } from '../../support/process-output.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const READY = 'Ctrl-C stops everything';
const STOP_LINE = 'stopping… (Ctrl-C again to force)';
const STARTUP_MS = 600_000;

let database: TestDatabase;
let stack: ChildProcess;
let output: ProcessOutput;
let temporalPort: number;
/** The environment of the commands: the defaults, pointed at this stack's database and dev server. */
let commandEnv: NodeJS.ProcessEnv;

/** The shipped policy with every target's decisions taken by name. */
function claimedEverywherePolicy(): string {
  const policy = JSON.parse(readFileSync(path.join(ROOT, 'config/policy.json'), 'utf8')) as { targets: Record<string, { identity?: string }> };
  for (const rule of Object.values(policy.targets)) rule.identity = 'claimed';
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kronos-policy-')), 'policy.json');
  writeFileSync(file, JSON.stringify(policy));
  return file;
}

before(async () => {
  database = await createTestDatabase('kronos_test_dev');
  const [apiPort, uiPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  temporalPort = await freePort();
  // The examples decide by typing a name, as on claimed targets; signed ones are tested in signed-decisions.
  const policyFile = claimedEverywherePolicy();
  const stackEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    KRONOS_POLICY_FILE: policyFile,
    // The dev server's workflows in a directory of this test's own; the CLI is the one the commands find.
    KRONOS_STATE_DIR: mkdtempSync(path.join(os.tmpdir(), 'kronos-dev-stack-')),
    TEMPORAL_CLI_PATH: await ensureTemporalCli(),
    TEMPORAL_ADDRESS: '',
    OPENAI_API_KEY: '',
  };
  const args = [
    'bin/kronos.js',
    'dev',
    '--temporal-port',
    String(temporalPort),
    '--ui-port',
    String(uiPort),
    '--api-port',
    String(apiPort),
    '--metrics-port',
    String(metricsPort),
    '--trades',
    '5000',
  ];
  stack = spawn(process.execPath, args, { cwd: ROOT, env: stackEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  output = watchOutput(stack, 'kronos dev');
  await output.waitFor(READY, STARTUP_MS);
  await output.waitFor(' finished: ', STARTUP_MS);
  commandEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    KRONOS_POLICY_FILE: policyFile,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    OPENAI_API_KEY: '',
  };
});

after(async () => {
  // Still running when a test failed: a second Ctrl-C forces the stop, and the exit kills the dev server.
  for (let i = 0; stack?.exitCode === null && stack.signalCode === null && i < 2; i++) {
    process.kill(-stack.pid!, 'SIGINT');
    await Promise.race([output.exited, new Promise((r) => setTimeout(r, 1_000))]);
  }
  await database?.drop();
});

/** Runs one printed line through `sh` in the repository, as a user pastes it. */
function runLine(line: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', line], { cwd: ROOT, env: commandEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('close', (code) => resolve({ code, output: text }));
  });
}

/** Fills in `<proposal_id>` and `<event_id>` the way a reviewer would: a pending proposal to decide, the one they approved to revert. */
class Placeholders {
  private readonly used = new Set<string>();
  private readonly approved = new Map<string, string>();

  async fill(line: string): Promise<string> {
    let filled = line;
    if (filled.includes('<event_id>')) {
      const event = await database.db.selectFrom('black_swan_events').select('event_id').orderBy('detected_at').executeTakeFirstOrThrow();
      filled = filled.replaceAll('<event_id>', event.event_id);
    }
    if (filled.includes('<proposal_id>')) filled = filled.replaceAll('<proposal_id>', await this.proposalFor(filled));
    return filled;
  }

  private async proposalFor(line: string): Promise<string> {
    const tool = line.includes('kronos temporal') ? 'temporal' : 'kronos';
    if (/\brevert\b/.test(line)) {
      const approved = this.approved.get(tool);
      assert.ok(approved, `nothing approved with ${tool} before: ${line}`);
      return approved;
    }
    if (/\b(approve|reject)\b/.test(line)) {
      const pending = await database.db
        .selectFrom('meta_controller_config_proposals')
        .select('proposal_id')
        .where('status', '=', 'PENDING')
        .orderBy('proposal_id')
        .execute();
      const next = pending.map((p) => p.proposal_id).find((id) => !this.used.has(id));
      assert.ok(next, `no pending proposal left (${pending.length} pending, ${this.used.size} decided here) for: ${line}`);
      this.used.add(next);
      if (/\bapprove\b/.test(line)) this.approved.set(tool, next);
      return next;
    }
    const any = await database.db.selectFrom('meta_controller_config_proposals').select('proposal_id').orderBy('proposal_id').executeTakeFirstOrThrow();
    return any.proposal_id;
  }
}

const placeholders = new Placeholders();

async function assertRunsAsPrinted(lines: string[]): Promise<void> {
  for (const line of lines) {
    const filled = await placeholders.fill(line);
    const result = await runLine(filled);
    assert.equal(result.code, 0, `\`${filled}\` exited ${result.code}:\n${result.output}`);
  }
}

/** The `npx kronos` lines of README's ```bash blocks, continuation lines joined and comments dropped. */
function readmeCommands(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => (m[1] ?? '').replace(/\\\n\s*/g, ' '));
  return blocks
    .flatMap((block) => block.split('\n'))
    .filter((line) => line.startsWith('npx kronos '))
    .map((line) => line.replace(/\s+# .*$/, '').trim());
}

test('the commands npm start prints under "Try:" run as printed', async () => {
  const text = output.text();
  const tryBlock = text.slice(text.indexOf('Try:\n') + 'Try:\n'.length).split('\n\n')[0] ?? '';
  const lines = tryBlock.split('\n').map((l) => l.trim());
  assert.ok(lines.length >= 4 && lines.every((l) => l.startsWith('npx kronos ')), `printed:\n${tryBlock}`);
  await assertRunsAsPrinted(lines);
});

test("README's kronos and temporal examples run as printed", async () => {
  const lines = readmeCommands();
  assert.ok(lines.some((l) => l.startsWith('npx kronos temporal ')) && lines.length >= 15, `found:\n${lines.join('\n')}`);
  await assertRunsAsPrinted(lines);
});

test('Ctrl-C stops the stack with one line, no errors, exit 0, and the dev server gone', async () => {
  const before = output.text().length;
  process.kill(-stack.pid!, 'SIGINT');
  const code = await output.exited;
  const afterSignal = output
    .text()
    .slice(before)
    .split('\n')
    .filter((l) => l.trim() !== '');
  assert.equal(code, 0, output.text().slice(-2_000));
  assert.deepEqual(afterSignal, [STOP_LINE]);
  assert.doesNotMatch(output.text(), /while stopping|IllegalStateError/);
  const refused = await new Promise<boolean>((resolve) => {
    const socket = net.connect(temporalPort, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
  assert.ok(refused, 'the dev server stopped with the stack');
});
