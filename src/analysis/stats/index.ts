/** Statistical tests, resampling and estimators used by the diagnostics: pure and deterministic given a seed (see docs/metrics.md). */
export { type Alternative, normalPValue, pValueFromSymmetricCdf, studentTPValue } from './alternative.js';
export { type CscvMetric, type PboOptions, type PboResult, probabilityOfBacktestOverfitting } from './backtest-overfitting.js';
export { type BlockBootstrapMethod, blockBootstrapIndices, circularBlockBootstrapIndices, stationaryBootstrapIndices } from './block-bootstrap-indices.js';
export { type BlockLengths, optimalBlockLength } from './block-length.js';
export { type DifferenceOptions, bootstrapDifference } from './bootstrap-difference.js';
export { type BootstrapOptions, type BootstrapResult, summarizeBootstrap } from './bootstrap-distribution.js';
export { bootstrapInterval, type SeriesStatistic } from './bootstrap-interval.js';
export { type CentredSums, centredSums } from './centred-sums.js';
export { conditionalMutualInformation } from './conditional-mutual-information.js';
export { type DsrInput, deflatedSharpeRatio } from './deflated-sharpe-ratio.js';
export { encodeLabels, type Label } from './discrete-labels.js';
export { millerMadowEntropy, normalizedEntropy, plugInEntropy } from './entropy.js';
export { expectedMaxSharpe } from './expected-max-sharpe.js';
export { benjaminiHochberg, benjaminiYekutieli } from './false-discovery-rate.js';
export { type FiniteSample, finitePairs, finiteSample, finiteValues } from './finite-values.js';
export { fisherExactTest } from './fisher-exact-test.js';
export { fitGeneralizedPareto, type GpdFit } from './generalized-pareto.js';
export { kurtosis } from './kurtosis.js';
export { linearRegressionSlope, type RegressionResult } from './linear-regression.js';
export { type MinTrlInput, minTrackRecordLength } from './min-track-record-length.js';
export { conditionalGTest, gTest, gTestPValue, type GTestResult, type LabelColumn, mutualInformationDiscrete } from './mutual-information.js';
export { peaksOverThreshold, type PotOptions, type PotResult } from './peaks-over-threshold.js';
export { pearsonCorrelation } from './pearson-correlation.js';
export { permutationPValue } from './permutation-p-value.js';
export { type PermutationMiResult, permutationTestConditionalMI } from './permutation-test-mi.js';
export {
  probabilisticSharpeRatio,
  probabilisticSharpeRatioOfReturns,
  type PsrInput,
  type SharpeMoments,
  sharpeMoments,
  sharpeVarianceFactor,
} from './probabilistic-sharpe-ratio.js';
export { quantile, quantileSorted } from './quantile.js';
export { averageRanks } from './ranks.js';
export { createRng, deriveSeed, randomIndex, type Rng } from './rng.js';
export { centralMoment, sampleMean, sampleVariance } from './sample-moments.js';
export { skewness } from './skewness.js';
export { type CorrelationResult, spearmanCorrelation } from './spearman-correlation.js';
export { studentTInterval } from './t-interval.js';
export { type TwoProportionResult, twoProportionTest } from './two-proportion-test.js';
export { fitShrinkagePrior, MIN_SHRINKAGE_CELLS, shrinkEstimate, type ShrinkagePrior, type ShrunkEstimate } from './normal-shrinkage.js';
export { type OneSampleResult, oneSampleTTest } from './one-sample-t-test.js';
export { type TestOptions, type WelchResult, welchTTest } from './welch-t-test.js';
export { wilsonInterval } from './wilson-interval.js';
