/** Parsers for command-line option values: a bad value is refused by commander with one line naming it. */
import { InvalidArgumentError } from 'commander';

/** A whole number ≥ 1 (ports, seeds, sizes). */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number of at least 1, got '${value}'`);
  return n;
}

/** An ISO 8601 time, returned normalised (`2026-06-29T00:00:00.000Z`). */
export function isoTime(value: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new InvalidArgumentError(`expected an ISO time such as 2026-06-29T00:00:00Z, got '${value}'`);
  return new Date(t).toISOString();
}
