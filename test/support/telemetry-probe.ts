/**
 * A process whose Temporal runtime exports the SDK's metrics through temporalRuntimeTelemetry(port): it
 * runs an activity worker on a task queue of its own for a moment (it starts and polls), then prints the
 * runtime's Prometheus page. A process of its own because a runtime is installed once per process.
 *
 * Usage: node --import tsx test/support/telemetry-probe.ts <temporal address> <metrics port>
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { temporalRuntimeTelemetry } from '../../src/observability/metrics.js';

const [address, port] = process.argv.slice(2);
// Warnings only, on stderr: stdout carries the metrics page.
Runtime.install({ ...temporalRuntimeTelemetry(Number(port)), logger: new DefaultLogger('WARN', (entry) => process.stderr.write(`${entry.message}\n`)) });
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  taskQueue: `kronos-telemetry-${randomBytes(4).toString('hex')}`,
  activities: {
    async ping() {
      return 'pong';
    },
  },
});
await worker.runUntil(sleep(1_500));
process.stdout.write(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
await connection.close();
