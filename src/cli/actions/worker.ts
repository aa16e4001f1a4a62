/** `kronos worker`: the worker process of src/worker.ts (also runnable on its own). */
import { runWorkerProcess } from '../../worker.js';

export async function runWorker(): Promise<void> {
  await runWorkerProcess();
}
