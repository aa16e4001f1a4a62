/** `kronos calibration [--json]`: how well the confidences of verified proposals predicted their verdicts. */
import type { Command } from 'commander';
import type { CalibrationOptions } from '../actions/calibration.js';

export function registerCalibrationCommand(program: Command): void {
  program
    .command('calibration')
    .description("the track record's reliability table (confidence deciles against the share verified IMPROVED) and Brier score")
    .option('--json', 'print JSON, per kind too')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the local kronos database)')
    .action(async (opts: CalibrationOptions) => {
      const { printCalibration } = await import('../actions/calibration.js');
      await printCalibration(opts);
    });
}
