/**
 * The return model shared by live trades, counterfactual forward returns and backtests:
 *
 *   r = μ(strategy, context) + σ_strategy · m(regime) · t₅
 *
 * with t₅ a Student-t with 5 degrees of freedom scaled to unit variance (fat tails, finite kurtosis),
 * μ modest and positive, and m the regime's volatility multiplier. In the base history μ depends on the
 * strategy alone; the planted effects change μ in their cell only.
 */
import type { Random } from './random.js';
import { type EffectName, PLANTED } from './scenarios.js';
import { REGIME_PROFILES, type RegimeLabel } from './world/regimes.js';
import type { KnobValue, StrategySpec } from './world/strategies.js';

const TAIL_DOF = 5;
/** No single trade loses more than this share of its notional, nor gains more than MAX_RETURN. */
const MIN_RETURN = -0.6;
const MAX_RETURN = 1;

export type Provenance = 'live' | 'backtest';

export interface TradeContext {
  strategy: StrategySpec;
  regime: RegimeLabel;
  /** The knobs of the STRATEGY_CONFIG version in force. */
  knobs: Record<string, KnobValue>;
  provenance: Provenance;
}

export class ReturnModel {
  /** `calmWinner`: the planted knob's value that wins in calm spells (config_by_volatility, see world/calm-today.ts). */
  constructor(
    private readonly effects: ReadonlySet<EffectName>,
    private readonly calmWinner?: KnobValue,
  ) {}

  /**
   * μ: the expected net return per trade in this context.
   *
   * @example
   * new ReturnModel(new Set(['regime_loss'])).meanReturn({ strategy: momentum, regime: 'SIDEWAYS', knobs, provenance: 'live' }); // -0.01
   */
  meanReturn(context: TradeContext): number {
    const { strategy, regime, knobs, provenance } = context;
    const { regimeLoss, liveBelowBacktest, knob, configByVolatility } = PLANTED;
    if (this.effects.has('regime_loss') && strategy.id === regimeLoss.strategyId && regime === regimeLoss.regimeLabel) {
      return regimeLoss.meanReturn;
    }
    if (this.effects.has('live_below_backtest') && strategy.id === liveBelowBacktest.strategyId) {
      return provenance === 'backtest' ? liveBelowBacktest.backtestMeanReturn : liveBelowBacktest.liveMeanReturn;
    }
    if (this.effects.has('knob_no_effect') && strategy.id === knob.strategyId) {
      return knob.meanByValue[String(knobs[knob.knob])] ?? strategy.meanReturn;
    }
    if (this.effects.has('config_by_volatility') && strategy.id === configByVolatility.strategyId) {
      const wins = (knobs[configByVolatility.knob] === this.calmWinner) === !REGIME_PROFILES[regime].stressed;
      return strategy.meanReturn + (wins ? configByVolatility.edge : -configByVolatility.edge);
    }
    return strategy.meanReturn;
  }

  /** σ·m: the per-trade standard deviation in this regime. */
  volatility(strategy: StrategySpec, regime: RegimeLabel): number {
    return strategy.volatility * REGIME_PROFILES[regime].volMultiplier;
  }

  /** One trade's net return (after fees). */
  drawNetReturn(rng: Random, context: TradeContext): number {
    return this.draw(rng, this.meanReturn(context), context);
  }

  /**
   * The forward return (gross, in the direction asked) of a decision that a risk rule blocked: like an
   * executed trade's, except under the planted rule, whose blocked decisions were better.
   */
  drawBlockedForwardReturn(rng: Random, context: TradeContext, ruleId: string): number {
    const { overrideRule } = PLANTED;
    const planted = this.effects.has('override_blocks_winners') && ruleId === overrideRule.ruleId && context.strategy.id === overrideRule.strategyId;
    const mean = planted ? overrideRule.blockedForwardMean : this.meanReturn(context) + context.strategy.feeRate;
    return this.draw(rng, mean, context);
  }

  private draw(rng: Random, mean: number, context: TradeContext): number {
    const r = mean + this.volatility(context.strategy, context.regime) * rng.studentT(TAIL_DOF);
    return Math.min(MAX_RETURN, Math.max(MIN_RETURN, r));
  }
}
