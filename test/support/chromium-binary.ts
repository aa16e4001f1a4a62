/**
 * Which Chromium drives the browser tests, in this order: KRONOS_CHROMIUM_PATH, a system Chromium on PATH,
 * else the build shipped inside the @sparticuz/chromium package, unpacked once into the cache.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stateDir } from '../../src/config.js';

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

function systemChromium(): string | undefined {
  for (const name of SYSTEM_NAMES) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return undefined;
}

/**
 * Unpacks the package's Chromium into <cache>/chromium/<version>/. The package unpacks into os.tmpdir(), so a
 * child process does it with TMPDIR set to a staging folder, renamed into place at the end: test files running
 * at the same time never see a half-written binary.
 */
function packagedChromium(): string {
  // The package's exports leave out its package.json; it is a direct dependency, so it sits in node_modules/.
  const manifest = new URL('../../node_modules/@sparticuz/chromium/package.json', import.meta.url);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const target = path.join(stateDir(), 'chromium', version);
  const binary = path.join(target, 'chromium');
  if (existsSync(binary)) return binary;
  mkdirSync(path.dirname(target), { recursive: true });
  const staging = mkdtempSync(`${target}.staging-`);
  try {
    execFileSync(process.execPath, ['--input-type=module', '-e', "await (await import('@sparticuz/chromium')).default.executablePath()"], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, TMPDIR: staging },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    renameSync(staging, target);
  } catch (err) {
    // Another test file unpacked it first.
    if (!existsSync(binary)) throw err;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

/** The Chromium executable to launch. */
export function chromiumExecutable(): string {
  const configured = process.env.KRONOS_CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`KRONOS_CHROMIUM_PATH points at ${configured}, which does not exist`);
    return configured;
  }
  return systemChromium() ?? packagedChromium();
}
