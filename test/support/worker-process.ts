/**
 * The worker as a separate process (`node --import tsx src/worker.ts`), so a test can SIGKILL it the way
 * a machine dies. With `holdAfter`, the process runs test/support/held-worker.ts instead: the same
 * worker, whose named activities finish their work (the database commit included) and then hang before
 * reporting, which is the window in which a crash leaves Temporal not knowing the outcome.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { watchOutput } from './process-output.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const HOLD_ENV = 'KRONOS_TEST_HOLD_AFTER_ACTIVITIES';
export const HOLD_MARKER = 'kronos-test: holding after';

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the first output line that contains `text` (stdout or stderr). */
  waitForOutput(text: string, timeoutMs?: number): Promise<string>;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown), and wait until the process is gone. */
  stop(): Promise<number | null>;
}

export function spawnWorkerProcess(options: {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  policyFile?: string;
  /** Activity names to hold after they complete (test/support/held-worker.ts). */
  holdAfter?: string[];
  /** Another worker script to run (a benchmark's baseline), relative to the repository root. */
  entry?: string;
}): WorkerProcess {
  const entry = options.entry ?? (options.holdAfter?.length ? 'test/support/held-worker.ts' : 'src/worker.ts');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    TEMPORAL_ADDRESS: options.temporalAddress,
    KRONOS_TASK_QUEUE: options.taskQueue,
    KRONOS_LOG_LEVEL: 'INFO',
    ...(options.policyFile ? { KRONOS_POLICY_FILE: options.policyFile } : {}),
    ...(options.holdAfter?.length ? { [HOLD_ENV]: options.holdAfter.join(',') } : {}),
  };
  delete env.OPENAI_API_KEY;
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = watchOutput(child, 'worker process');
  const { exited } = output;

  return {
    child,
    waitForOutput: output.waitFor,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The line the worker prints once it polls its task queue. */
export const WORKER_READY = 'kronos worker polling task queue';
