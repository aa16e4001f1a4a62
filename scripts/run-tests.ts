/**
 * The test command: node's test runner over test/, with one Temporal dev server started for the
 * integration tests (its address is passed as KRONOS_TEST_TEMPORAL_ADDRESS) and stopped afterwards.
 *
 * Usage: node --import tsx scripts/run-tests.ts [unit|integration|replay|all] [file filter]
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { startDevServer } from '../src/temporal/dev-server.js';

const suites = ['unit', 'replay', 'integration'] as const;
const [which = 'all', filter] = process.argv.slice(2);
const chosen = which === 'all' ? suites : suites.filter((s) => s === which);
if (chosen.length === 0) {
  console.error(`unknown suite ${which}: use one of ${suites.join(', ')}, all`);
  process.exit(2);
}

function testFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return testFiles(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}

const files = chosen
  .flatMap((suite) => testFiles(path.join('test', suite)))
  .filter((f) => !filter || f.includes(filter))
  .sort();
const needsTemporal = files.some((f) => f.startsWith(path.join('test', 'integration')));

const server = needsTemporal ? await startDevServer({ log: (line) => console.log(line) }) : undefined;
if (server) console.log(`temporal dev server for tests at ${server.address}`);

const code = await new Promise<number>((resolve) => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
    stdio: 'inherit',
    env: { ...process.env, ...(server ? { KRONOS_TEST_TEMPORAL_ADDRESS: server.address } : {}) },
  });
  child.on('close', (status) => resolve(status ?? 1));
});
await server?.stop();
process.exit(code);
