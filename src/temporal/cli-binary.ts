/**
 * Finds the `temporal` CLI, in this order: TEMPORAL_CLI_PATH, `temporal` on PATH, a cached build,
 * else builds it with `go install …@v1.5.1` into the cache (outside the repo) and reuses it afterwards.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadEnv, stateDir } from '../config.js';

/** v1.5.1 is the newest tag that `go install` accepts (later ones carry a replace directive). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export function cachedCliPath(): string {
  return path.join(stateDir(), 'temporal-cli', TEMPORAL_CLI_VERSION, 'temporal');
}

function onPath(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const resolved = found.stdout.trim();
  return found.status === 0 && resolved ? resolved : undefined;
}

/**
 * The `go` command: on PATH, else in GOROOT (the go.dev installer's /usr/local/go when unset), which
 * is not on PATH in a non-login shell.
 */
function goToolchain(): string | undefined {
  const inGoroot = path.join(process.env.GOROOT || '/usr/local/go', 'bin', 'go');
  return onPath('go') ?? (existsSync(inGoroot) ? inGoroot : undefined);
}

/** The binary if one is already there, without building anything. */
export function findTemporalCli(): string | undefined {
  const env = loadEnv();
  if (env.TEMPORAL_CLI_PATH) {
    if (!existsSync(env.TEMPORAL_CLI_PATH)) throw new ConfigError(`TEMPORAL_CLI_PATH points at ${env.TEMPORAL_CLI_PATH}, which does not exist`);
    return env.TEMPORAL_CLI_PATH;
  }
  return onPath('temporal') ?? (existsSync(cachedCliPath()) ? cachedCliPath() : undefined);
}

/**
 * Returns the path of a usable `temporal` binary, building it once when needed (a few minutes on two cores).
 *
 * @example
 * const temporal = await ensureTemporalCli((line) => console.log(line));
 */
export async function ensureTemporalCli(log: (line: string) => void = () => undefined): Promise<string> {
  const found = findTemporalCli();
  if (found) return found;
  const go = goToolchain();
  if (!go) {
    throw new ConfigError(
      'no Temporal CLI found and no Go toolchain to build it (neither on PATH nor in GOROOT): install Go >= 1.25 (https://go.dev/dl), put `temporal` on PATH, or set TEMPORAL_CLI_PATH',
    );
  }
  const target = cachedCliPath();
  mkdirSync(path.dirname(target), { recursive: true });
  log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} into ${path.dirname(target)} (once; takes a few minutes)`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(go, ['install', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: path.dirname(target) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-2_000);
    });
    child.on('close', (status) => {
      if (status !== 0) log(tail);
      resolve(status ?? 1);
    });
  });
  if (code !== 0 || !existsSync(target)) {
    throw new ConfigError(
      `go install ${MODULE}@${TEMPORAL_CLI_VERSION} failed (exit ${code}): check that the Go module proxy is reachable, or set TEMPORAL_CLI_PATH`,
    );
  }
  return target;
}
