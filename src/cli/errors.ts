/** Turns any error into the one line the CLI prints: the message, never a stack trace. */
import { WorkflowUpdateFailedError } from '@temporalio/client';

export function formatCliError(err: unknown): string {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause as { message?: string } | undefined;
    return `refused: ${cause?.message ?? err.message}`;
  }
  if (err instanceof Error) return (err.message || err.name).split('\n')[0] ?? err.name;
  return String(err);
}
