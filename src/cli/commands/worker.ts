/** `kronos worker`: runs the Temporal worker (every workflow and activity) until SIGINT or SIGTERM. */
import type { Command } from 'commander';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run the Kronos worker on its task queue (KRONOS_TASK_QUEUE, default kronos-meta) until Ctrl-C')
    .action(async () => {
      const { runWorker } = await import('../actions/worker.js');
      await runWorker();
    });
}
