/**
 * A process whose Temporal runtime exports the SDK's metrics through temporalRuntimeTelemetry(port): it
 * runs a worker on a task queue of its own until one activity task was done, then prints the runtime's
 * Prometheus page. A process of its own because a runtime is installed once per process.
 *
 * Usage: node --import tsx test/support/telemetry-probe.ts <temporal address> <metrics port>
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { temporalRuntimeTelemetry } from '../../src/observability/metrics.js';

const [address, port] = process.argv.slice(2);
// Warnings only on stderr: stdout carries the metrics page.
Runtime.install({ ...temporalRuntimeTelemetry(Number(port)), logger: new DefaultLogger('WARN', (entry) => process.stderr.write(`${entry.message}\n`)) });
const taskQueue = `kronos-telemetry-${randomBytes(4).toString('hex')}`;
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  taskQueue,
  workflowsPath: new URL('./telemetry-probe-workflow.ts', import.meta.url).pathname,
  activities: { async ping() { return 'pong'; } },
});
const client = new Client({ connection: await Connection.connect({ address }) });
await worker.runUntil(client.workflow.execute('pingWorkflow', { taskQueue, workflowId: taskQueue }));
process.stdout.write(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
await client.connection.close();
await connection.close();
