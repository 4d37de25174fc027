export type { Contender, MatmulRunner, MatmulSetup, MlpSetup, MlpTrainer, RemoteMatmulRunner, RemoteMlpTrainer } from './contender.js';
export { isRemoteMatmul, isRemoteTrainer } from './contender.js';
export {
  DEFAULT_CONTENDERS,
  descent,
  descentAutograd,
  descentRelaxed,
  handLoops,
  tfjsCpu,
  tfjsWasm,
  useTfBackend,
  pytorchContender,
  findTorchPython,
  requireTorchPython,
  noTorchPythonMessage,
  torchPythonCandidates,
  type TfBackend,
  type TorchPython,
} from './contenders/index.js';
export { checkMatmulAgreement, checkTrainingAgreement, AgreementError, type Agreement, type TrainerUnderTest } from './agreement.js';
export {
  measureInterleaved,
  median,
  summarizeRates,
  type MeasureOptions,
  type Rate,
  type TimedTask,
  type LocalTimedTask,
  type RemoteTimedTask,
  type BlockTiming,
} from './measure.js';
export {
  runBenchmark,
  formatRate,
  formatCeiling,
  type BenchOptions,
  type BenchResults,
  type BenchEnvironment,
  type WorkloadResult,
  type ContenderResult,
  type Ratio,
} from './runBenchmark.js';
export { renderBenchReport } from './renderBenchReport.js';
export {
  measureSweepScaling,
  runSweepFromScratch,
  type FromScratchOptions,
  parseThroughput,
  parseThroughputs,
  shippedSweeps,
  pairedRatios,
  formatScaling,
  type SweepRun,
  type SweepScalingResult,
  type SweepScalingOptions,
  type ShippedSweepsScaling,
} from './sweepScaling.js';
export { markdownTable, formatRatio } from './summaryTable.js';
export { measureCliStart, HELP_SECONDS_NEEDED, type CliStartResult, type CliStartOptions } from './cliStart.js';
export { checkTargets, TORCH_SWEEP_NEEDED, type TargetCheck } from './targets.js';
export { describeMachine, machineLine, vectorFlagsOf, type Machine } from './machine.js';
export { ceilingTasks, ceilingFrom, type WasmCeiling } from './wasmCeiling.js';
export {
  measureTorchSweep,
  runTorchSweep,
  runsOfStore,
  parseTorchSweepTiming,
  workDifferences,
  TORCH_SWEEP_SCRIPT,
  type TorchSweepResult,
  type TorchSweepOptions,
  type TorchSweepRun,
  type TorchSweepTiming,
  type TorchRunResult,
} from './torchSweep.js';
export {
  WORKLOADS,
  BENCH_SEED,
  trainingData,
  initialParameters,
  matmulOperands,
  mlpFlopsPerExample,
  isMatmulBound,
  type Workload,
  type MlpWorkload,
  type MatmulWorkload,
  type TrainingData,
  type InitialParameters,
  type BenchActivation,
  type BenchLoss,
} from './workloads.js';
// `pnpm bench search`: Descent's samplers against Optuna's (src/search/).
export { runSearchBenchmark, type SearchBenchOptions, type SearchResults } from './search/runSearchBenchmark.js';
export { searchMarkdown, goalLines } from './search/searchTable.js';
export { SEARCH_OBJECTIVES, type SearchObjective, type SearchDimension } from './search/objectives.js';
export { SEARCH_METHODS, type SearchMethod } from './search/methods.js';
