/** The risk rules that may override a strategy's entries, with their rates in calm and stressed regimes. */
import type { Random } from './random.js';
import { GLOBAL_RULES, type RuleSpec, type StrategySpec } from './world/strategies.js';

export class RuleBook {
  private readonly rules: RuleSpec[];
  private readonly calm: number[];
  private readonly stressed: number[];
  private readonly calmTotal: number;
  private readonly stressedTotal: number;

  /**
   * The global rules and the strategy's own, of one kind.
   *
   * @example
   * new RuleBook(strategyById('event_driven'), 'BLOCK').total(false); // 0.03 + 0.025 + 0.4
   */
  constructor(strategy: StrategySpec, action: RuleSpec['action']) {
    this.rules = [...GLOBAL_RULES, ...strategy.rules].filter((r) => r.action === action);
    this.calm = this.rules.map((r) => r.rate);
    this.stressed = this.rules.map((r) => r.rate * r.stressFactor);
    this.calmTotal = this.calm.reduce((a, b) => a + b, 0);
    this.stressedTotal = this.stressed.reduce((a, b) => a + b, 0);
  }

  /** Overrides per executed trade, all rules together. */
  total(stressed: boolean): number {
    return stressed ? this.stressedTotal : this.calmTotal;
  }

  /** The rule that overrode, drawn by rate. */
  pick(rng: Random, stressed: boolean): RuleSpec {
    return this.rules[rng.weightedIndex(stressed ? this.stressed : this.calm)];
  }
}
