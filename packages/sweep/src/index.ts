export type {
  Scalar,
  ResolvedConfig,
  Pairing,
  ProblemConfig,
  DatasetProblem,
  LandscapeProblem,
  DatasetConfig,
  ModelConfig,
  LossName,
  Activation,
  Initializer,
  LandscapeConfig,
  OptimizerConfig,
  ScheduleConfig,
  TrainConfig,
  MetricConfig,
} from './config.js';
export { parseSweepText, pluginSpecs, type ParsedSweep, type PluginSpec } from './parse.js';
export { validateSweep } from './validateSweep.js';
export { MAX_NAME_LENGTH, NAME_RULE, nameProblem, sweepNameProblem, showName, TEMPORARY_MARK } from './sweepName.js';
export { optimizerNamesWritten } from './optimizerNames.js';
export { formatIssue, SweepIssuesError, type SweepIssue } from './issue.js';
export { countRuns, countConfigurations } from './countRuns.js';
export { expandSweep, specsOfAssignments, type ExpandOptions } from './expandSweep.js';
export { hyperparameterSweep } from './hyperparameterSweep.js';
export { bayesStartup, proposeBayes, type Observation } from './bayes.js';
export { roundsOf } from './rounds.js';
export { advancing, bracketsOf, hyperbandBracket, rungBudgets, type Bracket, type BudgetUnit, type EarlyTerminate } from './earlyTerminate.js';
export { pointOfAssignment } from './tpeSpace.js';
export type { Assignment } from './combinations.js';
export { canonicalJson, runIdentity, rungRunId, streamSeeds, STREAMS, type StreamName, type StreamSeeds } from './identity.js';
export { problemShape, type ProblemShape } from './problemShape.js';
export { problemName, isDeterministicConfig } from './problemName.js';
export { sweepJsonSchema, type JsonSchema } from './sweepJsonSchema.js';
export { valueAtKey } from './valueAtKey.js';
export { varyingKeys, variedValue, configurationKey, configurationKeyOfValues, compareVariedValues, configLeaves, type VariedValue } from './varyingKeys.js';
export { splitSizes } from './catalog.js';
export type { Catalog, CatalogDataset, CatalogLandscape, CatalogOptimizer, CatalogSetting, CatalogSettings, DatasetContext, DatasetParams } from './catalog.js';
export type { Sweep, AdaptiveReplicates, BayesSettings, SweepParameter, ValuesParameter, RangeParameter, RunSpec } from './sweep.js';
export type { SweepNode, ScalarNode, MapNode, SeqNode, MapEntry, Position, NumberDistribution } from './tree.js';
export { CLAIM_METRICS, CLAIM_DIRECTIONS, selects, type Claim, type ClaimMetric, type ClaimDirection, type Selection } from './claims.js';
export { REPLICATES_TO_DECIDE_A_DIRECTION, METHODS, type SearchMethod } from './sweepSettings.js';
export { DATASET_METRICS, LANDSCAPE_METRICS } from './configDeclaration.js';
export { shellQuote, shellCommand, rerunCommand, invocationOf, EXP_INVOCATION } from './shellCommand.js';
