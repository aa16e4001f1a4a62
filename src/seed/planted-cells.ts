/**
 * The ground truth's cells: for each effect a scenario plants, the finding the analysis should report,
 * by the subject keys of analysis/findings.ts, with the planted metric and size (population values of
 * the generator, not sample estimates); every other candidate cell is listed as a null cell of size 0.
 */
import { AS_OF, WINDOW_DAYS } from './calendar.js';
import type { GroundTruth, PlantedEffect } from './ground-truth.js';
import { round } from './round.js';
import { EFFECT_NAMES, type EffectName, PLANTED, SEPARATE_EFFECT_NAMES } from './scenarios.js';
import { PROMPT_SLOT, configVersionId } from './world/configs.js';
import { type KnobValue, strategyById } from './world/strategies.js';

/** A return as text, signed: +0.30%. */
function signedPercent(value: number): string {
  return `${value >= 0 ? '+' : ''}${percent(value)}`;
}

/** A fraction as text: 25.00%. */
function percent(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

/**
 * The cell `effect` plants, with its size; `latestBacktestRunId` names the run the live trades fall short
 * of, `calmWinner` the knob value that wins in calm spells (config_by_volatility).
 */
function plantedCell(effect: EffectName, latestBacktestRunId: (strategyId: string) => string, calmWinner?: KnobValue): PlantedEffect {
  switch (effect) {
    case 'regime_loss': {
      const { strategyId, regimeLabel, meanReturn } = PLANTED.regimeLoss;
      const elsewhere = strategyById(strategyId).meanReturn;
      return {
        kind: 'STRATEGY_LOSES_IN_REGIME',
        subject: { strategy_id: strategyId, regime_label: regimeLabel },
        metric: 'mean_return',
        size: meanReturn,
        description: `${strategyId}'s mean return per trade is ${signedPercent(meanReturn)} in ${regimeLabel} and ${signedPercent(elsewhere)} in every other regime`,
        extra: { baseline_mean_return: elsewhere },
      };
    }
    case 'live_below_backtest': {
      const { strategyId, backtestMeanReturn, liveMeanReturn } = PLANTED.liveBelowBacktest;
      const runId = latestBacktestRunId(strategyId);
      return {
        kind: 'LIVE_BELOW_BACKTEST',
        subject: { strategy_id: strategyId },
        metric: 'mean_return_gap',
        size: round(liveMeanReturn - backtestMeanReturn, 6),
        description: `${strategyId} earns ${signedPercent(liveMeanReturn)} per trade live against ${signedPercent(backtestMeanReturn)} in its backtests (latest completed run ${runId}); same volatility`,
        extra: { live_mean_return: liveMeanReturn, backtest_mean_return: backtestMeanReturn, backtest_run_id: runId },
      };
    }
    case 'override_blocks_winners': {
      const { strategyId, ruleId, blockedForwardMean } = PLANTED.overrideRule;
      const strategy = strategyById(strategyId);
      const approved = round(strategy.meanReturn + strategy.feeRate, 6);
      return {
        kind: 'OVERRIDE_RULE_DESTROYS_VALUE',
        subject: { rule_id: ruleId, strategy_id: strategyId },
        metric: 'forward_return_gap',
        size: round(blockedForwardMean - approved, 6),
        description: `${ruleId} (in ${strategyId}'s RISK_CONFIG) blocks decisions whose mean forward return is ${signedPercent(blockedForwardMean)}, against ${signedPercent(approved)} for the decisions it approves`,
        extra: { blocked_forward_mean: blockedForwardMean, approved_forward_mean: approved },
      };
    }
    case 'template_errors': {
      const { templateId, betterTemplateId, errorRate, baseErrorRate } = PLANTED.templateErrors;
      return {
        kind: 'PROMPT_TEMPLATE_ERRORS',
        subject: { prompt_template_id: templateId },
        metric: 'error_rate_diff',
        size: round(errorRate - baseErrorRate, 6),
        description: `${templateId} errors on ${percent(errorRate)} of assessments, every other template on ${percent(baseErrorRate)}`,
        extra: { better_template_id: betterTemplateId, slot: PROMPT_SLOT, error_rate: errorRate, baseline_error_rate: baseErrorRate },
      };
    }
    case 'knob_no_effect': {
      const { strategyId, knob, meanByValue } = PLANTED.knob;
      const [low, high] = Object.keys(meanByValue).sort((a, b) => Number(a) - Number(b));
      return {
        kind: 'KNOB_MATTERS',
        subject: { strategy_id: strategyId, knob },
        metric: 'mean_return_diff',
        size: round(meanByValue[high] - meanByValue[low], 6),
        description: `${strategyId}'s ${knob} sets its mean return per trade: ${signedPercent(meanByValue[low])} at ${low}, ${signedPercent(meanByValue[high])} at ${high}`,
        extra: { [`mean_return_at_${low}`]: meanByValue[low], [`mean_return_at_${high}`]: meanByValue[high] },
      };
    }
    case 'sop_regression': {
      const { templateId, versionNo, avoidedShare, previousAvoidedShare } = PLANTED.sop;
      const previous = configVersionId('SOP_TEMPLATE', templateId, versionNo - 1);
      return {
        kind: 'SOP_VERSION_WORSE',
        subject: { sop_template_id: templateId, sop_version_id: configVersionId('SOP_TEMPLATE', templateId, versionNo) },
        metric: 'loss_avoided_share_diff',
        size: round(avoidedShare - previousAvoidedShare, 6),
        description: `${templateId} v${versionNo} avoided ${percent(avoidedShare)} of the counterfactual loss on average, v${versionNo - 1} (${previous}) ${percent(previousAvoidedShare)}`,
        extra: { previous_version_id: previous, avoided_share: avoidedShare, previous_avoided_share: previousAvoidedShare },
      };
    }
    case 'config_by_volatility': {
      const { strategyId, knob, edge } = PLANTED.configByVolatility;
      return {
        kind: 'CONFIG_BETTER_IN_SIMILAR_CONDITIONS',
        subject: { strategy_id: strategyId },
        metric: 'mean_return_diff',
        size: round(2 * edge, 6),
        description: `${strategyId} with ${knob}=${calmWinner} earns ${signedPercent(edge)} per trade over its mean in calm spells and ${signedPercent(-edge)} in stressed ones, the live ${knob} the reverse; today is calm`,
        extra: { knob, calm_winner: calmWinner ?? 'unknown' },
      };
    }
  }
}

/** The knob tuned alongside the planted one, which never matters. */
function inertKnobCell(): PlantedEffect {
  const { strategyId, inertKnob } = PLANTED.knob;
  return {
    kind: 'KNOB_MATTERS',
    subject: { strategy_id: strategyId, knob: inertKnob },
    metric: 'mean_return_diff',
    size: 0,
    description: `${strategyId}'s ${inertKnob} varies across config versions, independently of ${PLANTED.knob.knob}, and has no effect`,
  };
}

/**
 * The ground truth of a seeded scenario.
 *
 * @example
 * const truth = groundTruth({ scenario: 'regime_loss', seed: 1, effects: new Set(['regime_loss']), trades: 3000, decisions: 10000, latestBacktestRunId });
 * truth.effects[0].subject; // { strategy_id: 'momentum', regime_label: 'SIDEWAYS' }
 */
export function groundTruth(input: {
  scenario: string;
  seed: number;
  effects: ReadonlySet<EffectName>;
  trades: number;
  decisions: number;
  latestBacktestRunId: (strategyId: string) => string;
  /** The calm-spell winner of config_by_volatility, when planted. */
  calmWinner?: KnobValue;
}): GroundTruth {
  const cells = EFFECT_NAMES.map((effect) => ({ effect, cell: plantedCell(effect, input.latestBacktestRunId) }));
  const separate = SEPARATE_EFFECT_NAMES.filter((effect) => input.effects.has(effect)).map((effect) =>
    plantedCell(effect, input.latestBacktestRunId, input.calmWinner),
  );
  const nullCells: PlantedEffect[] = cells
    .filter(({ effect }) => !input.effects.has(effect))
    .map(({ effect, cell }) => ({
      kind: cell.kind,
      subject: cell.subject,
      metric: cell.metric,
      size: 0,
      description: `nothing planted here (the ${effect} scenario plants: ${cell.description})`,
    }));
  return {
    scenario: input.scenario,
    seed: input.seed,
    as_of: new Date(AS_OF).toISOString(),
    window_days: WINDOW_DAYS,
    trades: input.trades,
    decisions: input.decisions,
    effects: [...cells.filter(({ effect }) => input.effects.has(effect)).map(({ cell }) => cell), ...separate],
    // zscore_entry is inert except where config_by_volatility plants its effect on it.
    null_cells: input.effects.has('config_by_volatility') ? nullCells : [...nullCells, inertKnobCell()],
  };
}
