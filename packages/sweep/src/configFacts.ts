import type { CatalogDataset } from './catalog.js';
import type { Scope } from './declare/nodes.js';

export type ProblemKind = 'dataset' | 'landscape';
export type DatasetTask = ReturnType<CatalogDataset['task']>;

/** Training, validation and test set sizes, with a sentence explaining them for messages. */
export interface TrainingSplit {
  train: number;
  validation: number;
  test: number;
  explained: string;
}

/**
 * What is learnt while one configuration is resolved and later keys depend on: the kind of problem
 * (from its keys alone) and, once the dataset's settings are accepted, its task, outputs and split.
 */
export interface ConfigFacts {
  /** 'dataset' or 'landscape' when the problem has exactly one of them; known before anything is checked. */
  kind: ProblemKind | null;
  dataset: { name: string; task: DatasetTask; outputDim: number; split: TrainingSplit } | null;
}

/**
 * The dataset's facts, but only when the problem as a whole resolved (model and loss included): a
 * batch size or a metric is judged against the training set only when the problem it belongs to is sound.
 */
export function resolvedDataset(scope: Scope): ConfigFacts['dataset'] {
  return scope.resolvedAt('problem') === undefined ? null : scope.facts.dataset;
}
