/** Performance metrics of return series: pure functions, per-period unless annualised on request (see docs/metrics.md). */
export { annualisedSharpeFromDaily } from './annualised-sharpe.js';
export { downsideDeviation, type DownsideOptions } from './downside-deviation.js';
export { expectedShortfall, expectedShortfallTailCount } from './expected-shortfall.js';
export { drawdownDetails, type DrawdownDetails, maxDrawdown, maxDrawdownFromPnl } from './max-drawdown.js';
export { meanReturn } from './mean-return.js';
export { medianReturn } from './median-return.js';
export { type PeriodOptions } from './periods.js';
export { profitFactor } from './profit-factor.js';
export { type SharpeOptions, sharpeRatio } from './sharpe-ratio.js';
export { sortinoRatio } from './sortino-ratio.js';
export { stdDev } from './std-dev.js';
export { type ReturnSummary, type SummaryOptions, summarizeReturns } from './summarize-returns.js';
export { tailRatio } from './tail-ratio.js';
export { historicalVaR } from './value-at-risk.js';
export { winRate } from './win-rate.js';
