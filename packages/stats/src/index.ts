export { compare, type Comparison, type CompareOptions, type Goal, type RankTest } from './compare.js';
export { decide, type Decision, type DecideOptions } from './decide.js';
export { compareWithLeader, leaderComparisonSeed, type CompareWithLeaderOptions, type LeaderVerdict, type ReplicateGroup } from './compareWithLeader.js';
export { verdict, DEFAULT_ALPHA, type Verdict, type Evidence, type VerdictOptions } from './verdict.js';
export { holm } from './holm.js';
export {
  performanceProfile,
  tauGrid,
  ALGOPERF_MAX_TAU,
  ALGOPERF_TAU_POINTS,
  type OptimizerTimes,
  type PerformanceProfile,
  type PerformanceProfileOptions,
  type ProfiledOptimizer,
} from './performanceProfile.js';
export { timeToTarget, type TimeToTarget } from './timeToTarget.js';
export { benchmarkSummary, type BenchmarkSummaryOptions, type WorkloadOutcome } from './benchmarkSummary.js';
export { defaultDelta, DEFAULT_DELTA_FRACTION } from './delta.js';
export {
  replicatesNeeded,
  smallestRankTestPValue,
  type ReplicatesNeeded,
  type ReplicatesNeededOptions,
} from './replicatesNeeded.js';
export {
  bootstrapMean,
  bootstrapMeanDifference,
  bootstrapDistribution,
  BOOTSTRAP_DEFAULTS,
  type BootstrapOptions,
  type BootstrapResult,
  type Interval,
} from './bootstrap.js';
export { resampleIndices, type Seed } from './resample.js';
export { signTest, type SignTestResult } from './signTest.js';
export { wilcoxonSignedRank, WILCOXON_EXACT_MAX, type WilcoxonResult } from './wilcoxon.js';
export { mannWhitneyU, MANN_WHITNEY_EXACT_MAX, type MannWhitneyResult } from './mannWhitney.js';
export { normalCdf, normalQuantile, normalDensity } from './normal.js';
export { studentTCdf, studentTQuantile } from './studentT.js';
export { exactSum, mean, sampleVariance, percentileOfSorted, averageRanks } from './summaries.js';
export {
  gridImportance,
  type GridImportance,
  type GridImportanceOptions,
  type MainEffect,
  type Interaction,
} from './gridImportance.js';
export {
  forestImportance,
  FOREST_IMPORTANCE_DEFAULTS,
  type ForestImportance,
  type ForestImportanceOptions,
  type ImportanceSetting,
  type SettingImportance,
} from './forestImportance.js';
export { type ImportancePoint, type SettingValue, type NonFiniteHandling, type NonFiniteMetrics } from './importancePoints.js';
