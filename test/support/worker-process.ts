/**
 * The worker as a separate process (`node --import tsx src/worker.ts`), so a test can SIGKILL it the way
 * a machine dies. With `holdAfter`, the process runs test/support/held-worker.ts instead: the same
 * worker, whose named activities finish their work (the database commit included) and then hang before
 * reporting, which is the window in which a crash leaves Temporal not knowing the outcome.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
  let output = '';
  const waiters: Array<{ text: string; resolve: (line: string) => void }> = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      const line = output.split('\n').find((l) => l.includes(waiter.text));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    child,
    waitForOutput(text, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const existing = output.split('\n').find((l) => l.includes(text));
        if (existing !== undefined) return resolve(existing);
        const timer = setTimeout(() => reject(new Error(`worker process did not print "${text}" within ${timeoutMs} ms; output:\n${output.slice(-2_000)}`)), timeoutMs);
        waiters.push({ text, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        void exited.then((code) => reject(new Error(`worker process exited (${code}) before printing "${text}"; output:\n${output.slice(-2_000)}`)));
      });
    },
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
