/**
 * Turns any error into the one line the CLI prints: the message, never a stack trace. A refused decision
 * arrives here already worded (`refused: …`, see actions/decisions.ts), so this needs no Temporal client.
 */

export function formatCliError(err: unknown): string {
  if (err instanceof Error) return (err.message || err.name).split('\n')[0] ?? err.name;
  return String(err);
}
