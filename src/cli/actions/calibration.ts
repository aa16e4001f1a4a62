/** `kronos calibration`: the track record's reliability table and Brier score, as a table or JSON. */
import { trackRecordCalibration } from '../../db/repositories/calibration-record.js';
import { withDatabase } from '../database.js';
import { formatTable } from '../table.js';

export interface CalibrationOptions {
  json?: boolean;
  databaseUrl?: string;
}

const fixed = (x: number | null, digits = 3) => (x === null ? '—' : x.toFixed(digits));

export async function printCalibration(opts: CalibrationOptions): Promise<void> {
  const record = await withDatabase({ url: opts.databaseUrl }, (db) => trackRecordCalibration(db));
  if (opts.json) {
    console.log(JSON.stringify(record, null, 2));
    return;
  }
  const { bins, score } = record.overall;
  if (!score) {
    console.log('no verified proposal yet: the confidences are calibrated on simulated histories only (npm run bench:calibration)');
    return;
  }
  console.log(
    formatTable(
      ['predicted', 'verified', 'mean predicted', 'improved', '95 % interval', 'within'],
      bins
        .filter((b) => b.n > 0)
        .map((b) => [
          `${b.lower.toFixed(1)}–${b.upper.toFixed(1)}`,
          String(b.n),
          fixed(b.mean_predicted),
          fixed(b.realised_share),
          b.interval ? `[${fixed(b.interval[0])}, ${fixed(b.interval[1])}]` : '—',
          b.within ? 'yes' : 'no',
        ]),
    ),
  );
  console.log(
    `Brier ${fixed(score.brier, 4)} (reliability ${fixed(score.reliability, 4)}, resolution ${fixed(score.resolution, 4)}, uncertainty ${fixed(score.uncertainty, 4)}); constant predictor ${fixed(score.constant_brier, 4)} (base rate ${fixed(score.base_rate)})`,
  );
}
