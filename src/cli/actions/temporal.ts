/** `kronos temporal`: runs the Temporal CLI with the terminal's stdio and returns its exit code. */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { ensureTemporalCli } from '../../temporal/cli-binary.js';

export async function runTemporalCli(args: string[]): Promise<number> {
  const binary = await ensureTemporalCli((line) => console.error(line));
  const child = spawn(binary, args, { stdio: 'inherit' });
  // A Ctrl-C reaches the CLI too (same process group); this process waits for it to end and reports its code.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', ignore);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 1));
    });
  });
}
