/**
 * The `temporal server start-dev` process for development and tests: SQLite, the Web UI, Kronos'
 * search attributes registered at start, and a readiness wait of our own (generous on slow machines).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { Connection } from '@temporalio/client';
import { KRONOS_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';
import { ensureTemporalCli } from './cli-binary.js';

export interface DevServerOptions {
  /** gRPC port; a free one when omitted. */
  port?: number;
  /** Web UI port; no UI when omitted and `ui` is false. */
  uiPort?: number;
  ui?: boolean;
  /** SQLite file that keeps workflows across restarts; in memory when omitted. */
  dbFile?: string;
  readyTimeoutMs?: number;
  log?: (line: string) => void;
  /**
   * Runs the server in a process group of its own, so that a Ctrl-C on the terminal reaches only this
   * process, which stops the server after its workers have drained (it is killed when this process exits).
   */
  ownProcessGroup?: boolean;
}

export interface DevServer {
  address: string;
  namespace: string;
  uiUrl: string | undefined;
  stop(): Promise<void>;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free TCP port on 127.0.0.1 below Linux's ephemeral range (32768 and up). A port from that range
 * can be taken between our check and its use by any socket bound to port 0, such as the dev server's
 * own internal services or an outgoing connection; one below it is only taken by someone asking for it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await portIsFree(port)) return port;
  }
  throw new Error('no free TCP port found on 127.0.0.1 between 20000 and 32000');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntilReady(address: string, child: ChildProcess, deadline: number, stderrTail: () => string): Promise<void> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with code ${child.exitCode}: ${stderrTail()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        await connection.operatorService.listSearchAttributes({ namespace: 'default' });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await sleep(250);
    }
  }
  throw new Error(`temporal dev server at ${address} did not become ready: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
}

/**
 * Starts a dev server and resolves once it answers gRPC calls.
 *
 * @example
 * const server = await startDevServer({ ui: true, uiPort: 8233, port: 7233 });
 * // … server.address is '127.0.0.1:7233'
 * await server.stop();
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const binary = await ensureTemporalCli(options.log);
  const port = options.port ?? (await freePort());
  const ui = options.ui ?? options.uiPort !== undefined;
  const uiPort = ui ? (options.uiPort ?? (await freePort())) : undefined;
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--namespace',
    'default',
    '--log-level',
    'error',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    ...KRONOS_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${key.type}`]),
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
    ...(uiPort !== undefined ? ['--ui-port', String(uiPort)] : ['--headless']),
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: options.ownProcessGroup ?? false });
  const killOnExit = () => child.kill('SIGKILL');
  if (options.ownProcessGroup) process.once('exit', killOnExit);
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-2_000);
  });
  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    process.removeListener('exit', killOnExit);
  };
  try {
    await waitUntilReady(address, child, Date.now() + (options.readyTimeoutMs ?? 90_000), () => tail.trim().split('\n').at(-1) ?? '');
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, namespace: 'default', uiUrl: uiPort !== undefined ? `http://127.0.0.1:${uiPort}` : undefined, stop };
}
