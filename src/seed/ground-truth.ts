/** What a synthetic scenario planted, written beside the data so tests can check that the analysis finds it. */
import type { FindingKind } from '../analysis/findings.js';

export interface PlantedEffect {
  /** The finding the analysis should report for it. */
  kind: FindingKind;
  /** The planted cell, by the same keys the finding's subject uses. */
  subject: Record<string, string>;
  /** Size of the effect in the metric's units, with the metric named. */
  metric: string;
  size: number;
  description: string;
  /** Further named values of the planted cell, by the names a finding's `extra` uses (previous_version_id, better_template_id, …). */
  extra?: Record<string, string | number>;
}

export interface GroundTruth {
  scenario: string;
  seed: number;
  as_of: string;
  window_days: number;
  trades: number;
  decisions: number;
  /** Empty for the null scenario. */
  effects: PlantedEffect[];
  /** Cells planted to have no effect (e.g. a knob that does not matter): the analysis must not report them. */
  null_cells: PlantedEffect[];
}
