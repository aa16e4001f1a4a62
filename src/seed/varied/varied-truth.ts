/**
 * The varied world's ground truth: the same planted-effect catalogue as planted-cells.ts, by the subject
 * keys of analysis/findings.ts, with the names this seed drew; every unplanted candidate cell is a null cell.
 */
import type { GroundTruth, PlantedEffect } from '../ground-truth.js';
import { round } from '../round.js';
import { SeedError } from '../seed-error.js';
import { EFFECT_NAMES, type EffectName } from '../scenarios.js';
import { VARIED_SIZES } from './varied-rows.js';
import type { VariedWorld } from './varied-world.js';

const WINDOW_DAYS = 90;

/** The scenario the varied world does not plant. */
export const ONLY_IN_STANDARD_WORLD = 'config_by_volatility is planted only in the standard world: seed it with --world standard';

function strategy(world: VariedWorld, id: string) {
  return world.strategies.find((s) => s.id === id)!;
}

function plantedCell(world: VariedWorld, effect: EffectName): PlantedEffect {
  const { plants } = world;
  switch (effect) {
    case 'regime_loss':
      return {
        kind: 'STRATEGY_LOSES_IN_REGIME',
        subject: { strategy_id: plants.regimeLoss.strategy, regime_label: plants.regimeLoss.label },
        metric: 'mean_return',
        size: VARIED_SIZES.regimeLossMean,
        description: `${plants.regimeLoss.strategy} loses ${VARIED_SIZES.regimeLossMean} per trade in ${plants.regimeLoss.label}`,
        extra: { baseline_mean_return: strategy(world, plants.regimeLoss.strategy).meanReturn },
      };
    case 'live_below_backtest': {
      const s = strategy(world, plants.liveBelowBacktest.strategy);
      return {
        kind: 'LIVE_BELOW_BACKTEST',
        subject: { strategy_id: s.id },
        metric: 'mean_return_gap',
        size: round(VARIED_SIZES.liveMean - VARIED_SIZES.backtestMean, 6),
        description: `${s.id} (${s.layout} sleeves) earns ${VARIED_SIZES.liveMean} per trade live against ${VARIED_SIZES.backtestMean} in its backtests`,
        extra: { sleeve_layout: s.layout },
      };
    }
    case 'override_blocks_winners': {
      const s = strategy(world, plants.override.strategy);
      const approved = round(s.meanReturn + s.feeRate, 6);
      return {
        kind: 'OVERRIDE_RULE_DESTROYS_VALUE',
        subject: { rule_id: plants.override.rule, strategy_id: s.id },
        metric: 'forward_return_gap',
        size: round(VARIED_SIZES.blockedForwardMean - approved, 6),
        description: `${plants.override.rule} blocks ${s.id}'s decisions whose mean forward return is ${VARIED_SIZES.blockedForwardMean}`,
        extra: { blocked_forward_mean: VARIED_SIZES.blockedForwardMean, approved_forward_mean: approved },
      };
    }
    case 'template_errors':
      return {
        kind: 'PROMPT_TEMPLATE_ERRORS',
        subject: { prompt_template_id: plants.template.id },
        metric: 'error_rate_diff',
        size: round(VARIED_SIZES.errorRate - VARIED_SIZES.baseErrorRate, 6),
        description: `${plants.template.id} errors on ${VARIED_SIZES.errorRate} of assessments, the others on ${VARIED_SIZES.baseErrorRate}`,
        extra: { slot: world.names.slot, error_rate: VARIED_SIZES.errorRate, baseline_error_rate: VARIED_SIZES.baseErrorRate },
      };
    case 'knob_no_effect': {
      const [low, high] = VARIED_SIZES.knobMeans;
      return {
        kind: 'KNOB_MATTERS',
        subject: { strategy_id: plants.knob.strategy, knob: plants.knob.knob },
        metric: 'mean_return_diff',
        size: round(high - low, 6),
        description: `${plants.knob.strategy}'s ${plants.knob.knob} sets its mean return: ${low} at ${plants.knob.values[0]}, ${high} at ${plants.knob.values[1]}`,
      };
    }
    case 'sop_regression': {
      const { regressed, previous } = VARIED_SIZES.sopShares;
      const { template, versionNo } = plants.sop;
      return {
        kind: 'SOP_VERSION_WORSE',
        subject: { sop_template_id: template, sop_version_id: `${template}~${versionNo}` },
        metric: 'loss_avoided_share_diff',
        size: round(regressed - previous, 6),
        description: `${template} v${versionNo} avoided ${regressed} of the counterfactual loss, v${versionNo - 1} ${previous}`,
        extra: { previous_version_id: `${template}~${versionNo - 1}` },
      };
    }
    case 'config_by_volatility':
      throw new SeedError(ONLY_IN_STANDARD_WORLD);
  }
}

/**
 * @example
 * variedTruth(world, { scenario: 'null', trades: 1990, decisions: 5000 }).effects; // []
 */
export function variedTruth(world: VariedWorld, input: { scenario: string; trades: number; decisions: number }): GroundTruth {
  const cells = EFFECT_NAMES.map((effect) => ({ effect, cell: plantedCell(world, effect) }));
  const { knob } = world.plants;
  return {
    scenario: input.scenario,
    seed: world.seed,
    as_of: new Date(world.asOf).toISOString(),
    window_days: WINDOW_DAYS,
    trades: input.trades,
    decisions: input.decisions,
    effects: cells.filter(({ effect }) => world.effects.has(effect)).map(({ cell }) => cell),
    null_cells: [
      ...cells
        .filter(({ effect }) => !world.effects.has(effect))
        .map(({ cell }) => ({ ...cell, size: 0, description: `nothing planted here (${cell.description})` })),
      {
        kind: 'KNOB_MATTERS',
        subject: { strategy_id: knob.strategy, knob: knob.inert },
        metric: 'mean_return_diff',
        size: 0,
        description: `${knob.inert} is tuned with ${knob.knob} and has no effect`,
      },
    ],
  };
}
