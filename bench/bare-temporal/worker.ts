/**
 * The baseline's worker process, configured as Kronos' worker is (one worker, default slots, the same
 * sticky cache bound): DATABASE_URL, TEMPORAL_ADDRESS and KRONOS_TASK_QUEUE from the environment.
 */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import pg from 'pg';
import { loadEnv } from '../../src/config.js';
import { maxCachedWorkflowsFor } from '../../src/temporal/workflow-cache.js';
import { BARE_TABLE_DDL, createBareActivities } from './activities.js';

const env = loadEnv();
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 });
await pool.query(BARE_TABLE_DDL);
const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
const worker = await Worker.create({
  connection,
  taskQueue: env.KRONOS_TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
  activities: createBareActivities(pool),
  maxCachedWorkflows: maxCachedWorkflowsFor(env.KRONOS_WORKER_MEMORY_MIB),
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
console.log(`bare worker polling task queue ${env.KRONOS_TASK_QUEUE}`);
await worker.run();
await connection.close();
await pool.end();
