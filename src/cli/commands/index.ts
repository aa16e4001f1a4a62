/** Every subcommand, registered on the root program. */
import type { Command } from 'commander';
import { registerDbCommands } from './db.js';

export function registerCommands(program: Command): void {
  registerDbCommands(program);
}
