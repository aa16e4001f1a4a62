/** The shape of GET /calibration: the reliability table and Brier score of the verified proposals. */
import { z } from 'zod';

const binSchema = z.object({
  lower: z.number(),
  upper: z.number(),
  n: z.number(),
  mean_predicted: z.number().nullable(),
  realised_share: z.number().nullable().describe("share of the bin's verified proposals found IMPROVED"),
  interval: z.tuple([z.number(), z.number()]).nullable().describe('exact binomial 95 % interval of the realised share'),
  within: z.boolean().nullable().describe('the mean prediction lies inside the interval'),
});

const scoreSchema = z.object({
  n: z.number(),
  brier: z.number(),
  reliability: z.number(),
  resolution: z.number(),
  uncertainty: z.number(),
  within_bin: z.number(),
  base_rate: z.number(),
  constant_brier: z.number().describe('Brier score of always predicting the base rate'),
});

const calibrationOf = z.object({ bins: z.array(binSchema), score: scoreSchema.nullable().describe('null before the first verdict') });

export const calibrationSchema = z.object({
  overall: calibrationOf,
  by_kind: z.record(z.string(), calibrationOf),
});
