/** Every subcommand, registered on the root program. */
import type { Command } from 'commander';
import { registerAnalyzeCommand } from './analyze.js';
import { registerApiCommand } from './api.js';
import { registerBlackSwanCommands } from './black-swan.js';
import { registerCalibrationCommand } from './calibration.js';
import { registerDbCommands } from './db.js';
import { registerDecisionCommands } from './decisions.js';
import { registerDevCommand } from './dev.js';
import { registerKeyCommands } from './keys.js';
import { registerProposalCommands } from './proposals.js';
import { registerReportCommand } from './report.js';
import { registerScheduleCommands } from './schedule.js';
import { registerSeedCommand } from './seed.js';
import { registerSignCommands } from './sign.js';
import { registerSimilarCommand } from './similar.js';
import { registerTemporalCommand } from './temporal.js';
import { registerWorkerCommand } from './worker.js';

export function registerCommands(program: Command): void {
  registerDbCommands(program);
  registerSeedCommand(program);
  registerWorkerCommand(program);
  registerDevCommand(program);
  registerAnalyzeCommand(program);
  registerScheduleCommands(program);
  registerProposalCommands(program);
  registerDecisionCommands(program);
  registerSignCommands(program);
  registerKeyCommands(program);
  registerBlackSwanCommands(program);
  registerApiCommand(program);
  registerReportCommand(program);
  registerSimilarCommand(program);
  registerCalibrationCommand(program);
  registerTemporalCommand(program);
}
