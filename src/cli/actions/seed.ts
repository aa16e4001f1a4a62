/** `kronos seed`: writes the synthetic history (and its ground truth), with a progress bar on a terminal. */
import { access, constants, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { parseScenario, parseWorld } from '../../seed/scenarios.js';
import { SeedError } from '../../seed/seed-error.js';
import { seedScenario } from '../../seed/seed-scenario.js';
import { withDatabase } from '../database.js';

export interface SeedCommandOptions {
  scenario: string;
  seed: string;
  world?: string;
  trades?: string;
  decisions?: string;
  truth?: string;
  databaseUrl?: string;
  reset?: boolean;
}

/** Parses an integer option, or fails with one line naming it. */
function integerOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text.trim())) throw new SeedError(`${name} must be an integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** Fails before seeding when the ground truth could not be written afterwards. */
async function checkWritable(file: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  await access(dir, constants.W_OK).catch(() => {
    throw new SeedError(`cannot write the ground truth to ${file}: directory ${dir} is missing or not writable`);
  });
}

function progressBar(): { update: (done: number, total: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'seeding {bar} {percentage}% | {value}/{total} rows | ETA {eta_formatted}',
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

export async function seedHistory(opts: SeedCommandOptions): Promise<void> {
  const scenario = parseScenario(opts.scenario);
  const seed = integerOption('--seed', opts.seed)!;
  const world = parseWorld(opts.world ?? 'standard');
  const trades = integerOption('--trades', opts.trades);
  const decisions = integerOption('--decisions', opts.decisions);
  if (opts.truth) await checkWritable(opts.truth);
  const bar = progressBar();
  const started = Date.now();
  let rows = 0;
  await withDatabase({ url: opts.databaseUrl, migrate: true }, async (db, url) => {
    const truth = await seedScenario(db, {
      scenario,
      seed,
      world,
      trades,
      decisions,
      reset: opts.reset,
      onProgress: (done, total) => {
        rows = total;
        bar.update(done, total);
      },
    }).finally(() => bar.stop());
    if (opts.truth) await writeFile(opts.truth, `${JSON.stringify(truth, null, 2)}\n`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const truthNote = opts.truth ? `; ground truth in ${opts.truth}` : '';
    console.log(
      `seeded '${scenario}' (seed ${seed}${world === 'varied' ? ', varied world' : ''}) into ${new URL(url).pathname.slice(1)}: ${truth.trades} trades, ` +
        `${truth.decisions} decisions, ${rows} rows in ${seconds} s, planted: ${truth.effects.map((e) => e.kind).join(', ') || 'nothing'}${truthNote}`,
    );
  });
}
