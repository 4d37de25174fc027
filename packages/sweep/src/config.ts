import type { configDeclaration } from './configDeclaration.js';
import type { InferFields } from './declare/nodes.js';
import type { PAIRINGS } from './sweepSettings.js';

/**
 * A run's fully resolved configuration: what a sweep file means once every default is filled in. Its
 * canonical JSON is the run's identity, and the runner, the store and the reporter all read it.
 * Plain JSON data, so it travels between threads, processes and machines unchanged.
 *
 * Every type here is inferred from `configDeclaration` (configDeclaration.ts): change a key there and
 * these follow. A registry entry's own settings (an optimizer's hyperparameters, a dataset's size) come
 * from the catalog at run time, so those parts stay open records of scalars.
 */

export type { Scalar } from './declare/nodes.js';

type Sections = InferFields<typeof configDeclaration>;

/** paired (the default) or independent: see sweepSettings.ts. */
export type Pairing = (typeof PAIRINGS)[number];

export type ProblemConfig = Sections['problem'];
export type DatasetProblem = Extract<ProblemConfig, { kind: 'dataset' }>;
export type LandscapeProblem = Extract<ProblemConfig, { kind: 'landscape' }>;
/** A dataset to train on, with its own declared parameters (size, noise, ...) filled in. */
export type DatasetConfig = DatasetProblem['dataset'];
export type ModelConfig = DatasetProblem['model'];
export type LossName = DatasetProblem['loss'];
export type Activation = ModelConfig['activation'];
export type Initializer = ModelConfig['init'];
/** A 2-D landscape with its starting point, gradient noise and own parameters filled in. */
export type LandscapeConfig = LandscapeProblem['landscape'];
export type OptimizerConfig = Sections['optimizer'];
export type ScheduleConfig = Sections['schedule'];
export type TrainConfig = Sections['train'];
export type MetricConfig = Sections['metric'];

/** One run's complete configuration: every default filled in. Its canonical JSON is the run's identity. */
export type ResolvedConfig = {
  /** The sweep's seed. */
  seed: number;
  /** How replicates share random streams across configurations (identity.ts, streamSeeds). */
  pairing: Pairing;
} & Sections & {
    /** Plugins loaded by the sweep: path or package name and the sha256 of its content. */
    plugins: { source: string; sha256: string }[];
  };
