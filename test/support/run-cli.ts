/** Runs the real `kronos` command as a child process, the way an operator does. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const KRONOS = fileURLToPath(new URL('../../bin/kronos.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `kronos <args>` with extra environment variables; never rejects, the exit code tells. */
export function runKronos(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [KRONOS, ...args], { env: { ...process.env, ...env }, timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
