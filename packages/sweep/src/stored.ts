/**
 * `@descent/sweep/stored`: what a reader of stored runs needs of the sweep package (sweep names, the keys that vary
 * between configurations, the command that runs a sweep again), without the sweep language: `exp show` and `exp
 * list` import this, not the YAML parser, the validator and the expansion (about a third of their start-up).
 * Everything here is also exported by the package's index.
 */
export { MAX_NAME_LENGTH, NAME_RULE, nameProblem, sweepNameProblem, showName, TEMPORARY_MARK } from './sweepName.js';
export { varyingKeys, variedValue, configurationKey, configurationKeyOfValues, compareVariedValues, configLeaves, type VariedValue } from './varyingKeys.js';
export { canonicalJson } from './canonicalJson.js';
export { METHODS, type SearchMethod } from './sweepSettings.js';
export { shellQuote, shellCommand, rerunCommand, invocationOf, EXP_INVOCATION } from './shellCommand.js';
export type { ResolvedConfig, MetricConfig } from './config.js';
export type { RunSpec } from './sweep.js';
export type { Claim } from './claims.js';
