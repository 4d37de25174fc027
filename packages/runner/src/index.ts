// The records a run leaves behind: the data the reporter and the CLI read.
export type { DecidedRun, Divergence, EarlyTerminateInfo, EpochPoint, Pruning, RunDigest, RunMeta, RunRecord, RunStatus, RunSummary, StepPoint, SweepInfo, TrajectoryPoint } from './types.js';
export { EPOCH_METRIC_FIELDS, OLDEST_CURRENT_SCHEMA, RECORD_SCHEMA, RUN_STATUSES, statusCounts } from './types.js';
// A sweep file, opened: read, plugins loaded, validated, expanded.
export { openSweep, formatSweepFileIssues, type OpenedSweep, type OpenSweepOptions, type PluginIssue, type SweepFileIssues } from './openSweep.js';
export { loadCatalog, type LoadedCatalog } from './loadCatalog.js';
// Where runs train. The Redis queue executor has an entry of its own: `@descent/runner/queue`.
export type { Executor, ExecuteRequest } from './executor.js';
export { localExecutor, type LocalExecutorOptions } from './localExecutor.js';
export type { ExecuteSummary, ProgressEvent } from './execute.js';
// Replicates in rounds, added only where the verdict is open (a fixed count is one round).
export { runReplicates, decideStandings, nextReplicates, type ReplicatedSweep, type ReplicatesOutcome, type RoundEvent, type ConfigurationStanding } from './adaptiveReplicates.js';
export { runBayes, type BayesOutcome } from './bayesRounds.js';
export { auditSample, configurationsOf, examplesOfPruned, meanFinalMetric, prunedConfigurations, wilsonInterval, winnerOf, type AuditedConfiguration, type PrunedConfiguration } from './auditPruning.js';
export { replaySearch, roundsRunner, type SearchReplay } from './replaySearch.js';
export { fullRunExamples, prunedRecord, pruningReason, runEarlyTerminated, rungSpec, type EarlyTerminationOutcome } from './earlyTermination.js';
export { parseShard, selectShard, type Shard } from './shard.js';
// One run, and where its record is kept.
export { trainRun, type TrainContext, type TrainResult } from './train.js';
export { wallTimeToTarget } from './wallTimeToTarget.js';
export { withMetric, metricsOf, goalOf } from './withMetric.js';
export { rerunInFreshThread } from './rerunInFreshThread.js';
export { isAbandoned } from './abandonedRun.js';
export { RunStore, SWEEP_SUBSTORES, sweepSubStore, type StoredRun } from './store.js';
export { decodeRecordText, encodeRecord } from './recordCodec.js';
// What stops a sweep before it records something wrong: a write the storage refused, a plugin edited under the sweep.
export { StorageError, writingTo } from './storageError.js';
export { PluginChangedError } from './pluginChanged.js';
// What each entry of the store is (current, outdated, damaged), and what is done with a damaged one.
export { DamagedEntryError, definedRunCount, SET_ASIDE_FOLDER, type Damage, type Leftover, type RunEntry, type SweepInfoEntry } from './storeEntries.js';
export { RUN_STATES_FILE, type RunState } from './runStates.js';
export { RUN_LISTING_FILE, listingOf, type ListedFacts, type ListedRun, type RunEnvironment, type RunListing } from './runListing.js';
export { encodeJson, decodeJson } from './json.js';
export { gitCommit, descentVersion } from './meta.js';
export { installedFromNpm } from './installedFromNpm.js';
// The claims a sweep declares, checked against its runs.
export { checkClaims, claimMetricValue, claimsReadSeries, type ClaimedRun, type ClaimVerdict, type ClaimOutcome, type CheckClaimsOptions } from './checkClaims.js';
export { sampleLandscape, type LandscapeGrid } from './landscapeGrid.js';
// "Is my optimizer any good?": the optimizer benchmark (issue 18): workloads, tuning protocol, scores, summary.
export type { BenchCurvePoint, BenchProfileLine, BenchResult, BenchVerdict, BenchWorkload, OptimizerBenchSummary, SuiteVersion } from './optimizerBench/types.js';
export { runOptimizerBench, type BenchOptimizer, type OptimizerBenchOutcome, type RunOptimizerBenchOptions } from './optimizerBench/runOptimizerBench.js';
export type { BenchMachine, BenchTimingResult, OptimizerBenchTiming } from './optimizerBench/timing.js';
export type { BenchPlace } from './optimizerBench/benchSweepRunner.js';
export type { BenchSetting } from './optimizerBench/tuneOptimizer.js';
export { benchSuite, BENCH_SUITE_NAMES } from './optimizerBench/suites.js';
export { BENCH_BUDGETS, BENCH_PROTOCOLS, type BenchBudget, type BenchProtocol, type BenchSuite } from './optimizerBench/suite.js';
export { SUITE_WORKLOADS, heldOutVariant, workloadBudget, type WorkloadSpec, type WorkloadVariant } from './optimizerBench/workloads.js';
export { safeName } from './optimizerBench/benchSweeps.js';
export { sweepInfoOf } from './sweepInfo.js';
