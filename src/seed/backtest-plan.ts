/** One backtest run to generate: which strategy (and sleeve), config, period and outcome. */
import type { SleeveSlice } from './instrument-picker.js';
import type { ConfigVersion } from './world/config-version.js';
import type { StrategySpec } from './world/strategies.js';

export interface BacktestPlan {
  run_id: string;
  strategy: StrategySpec;
  sleeve: { id: string; slice: SleeveSlice } | null;
  config: ConfigVersion;
  universe_id: string;
  periodStart: number;
  periodEnd: number;
  createdAt: number;
  status: 'COMPLETED' | 'FAILED';
  /** Trades to generate (0 for a failed run). */
  trades: number;
  /** The strategy's newest completed strategy-level run. */
  latest: boolean;
}
