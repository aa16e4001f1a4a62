/** Collects a child process's stdout and stderr and waits for lines in them: for tests of real processes. */
import type { ChildProcess } from 'node:child_process';

export interface ProcessOutput {
  /** Everything printed so far, stdout and stderr interleaved as they arrived. */
  text(): string;
  /** Resolves with the first line that contains `text`; rejects when the process exits first or the time is up. */
  waitFor(text: string, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

export function watchOutput(child: ChildProcess, label: string): ProcessOutput {
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
    text: () => output,
    exited,
    waitFor(text, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const existing = output.split('\n').find((l) => l.includes(text));
        if (existing !== undefined) return resolve(existing);
        const timer = setTimeout(
          () => reject(new Error(`${label} did not print "${text}" within ${timeoutMs} ms; output:\n${output.slice(-2_000)}`)),
          timeoutMs,
        );
        waiters.push({ text, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        void exited.then((code) => reject(new Error(`${label} exited (${code}) before printing "${text}"; output:\n${output.slice(-2_000)}`)));
      });
    },
  };
}
