/** The track record's calibration: verified proposals' confidences against their verdicts. */
import { trackRecordCalibration } from '../../db/repositories/calibration-record.js';
import { calibrationSchema } from '../calibration-schema.js';
import type { RouteDependencies } from '../route-dependencies.js';
import { errorSchema } from '../schemas.js';
import type { ZodApp } from '../zod-schemas.js';

export function registerCalibrationRoutes(app: ZodApp, deps: RouteDependencies): void {
  app.get(
    '/calibration',
    {
      schema: {
        summary: 'How well the confidences of verified proposals predicted their verdicts: reliability table in deciles and Brier score, overall and per kind',
        tags: ['proposals'],
        security: [{ bearer: [] }],
        response: { 200: calibrationSchema, 401: errorSchema },
      },
    },
    async () => trackRecordCalibration(deps.db),
  );
}
