import type { Setting, Settings } from '@descent/settings';
import type { Scalar } from './config.js';

/** What a dataset may declare: tensor's settings (free text included, for paths and column names). */
export type CatalogSetting = Setting;
export type CatalogSettings = Settings;

/** A dataset's declared settings with every default filled in (what `size`, `task`, `outputDim` receive). */
export type DatasetParams = Readonly<Record<string, Scalar>>;

/** Where a dataset's files are looked up: the folder of the sweep file that names it. */
export interface DatasetContext {
  baseDir: string;
}

export interface CatalogOptimizer {
  name: string;
  hyperparameters: Settings;
}

/** The parts of a dataset entry validation needs (the data package's DatasetEntry has this shape). */
export interface CatalogDataset {
  name: string;
  settings: CatalogSettings;
  // Method syntax on purpose: an entry may declare a narrower parameter type (its own settings).
  task(params: DatasetParams, ctx: DatasetContext): 'binary' | 'multiclass' | 'regression';
  /** Total examples (train + test). */
  size(params: DatasetParams, ctx: DatasetContext): number;
  inputDim(params: DatasetParams, ctx: DatasetContext): number;
  /** 1 for binary and regression; the number of classes for multiclass. */
  outputDim(params: DatasetParams, ctx: DatasetContext): number;
}

export interface CatalogLandscape {
  name: string;
  settings: Settings;
  start: [number, number];
}

/**
 * What the sweep validator needs to know about the registries, passed in by the caller (who loads the
 * sweep's plugins first), so this folder depends on neither the optimizer nor the data package.
 */
export interface Catalog {
  optimizers: {
    names(): string[];
    get(name: string): CatalogOptimizer | undefined;
  };
  /** The plugin an optimizer comes from, for ResolvedConfig.plugins (null for built-ins). */
  optimizerSource(name: string): { source: string; sha256: string } | null;
  datasets: readonly CatalogDataset[];
  landscapes: readonly CatalogLandscape[];
  /** Schedule name → its settings, e.g. `{ constant: {}, step: { every, gamma }, ... }`. */
  schedules: Readonly<Record<string, Settings>>;
}

/**
 * test = round(n × testFraction), validation = round(n × validationFraction), train = n − test − validation
 * (negative when the fractions hold out more rows than there are: the rules report it).
 * The data package splits with the same rule; it is repeated here (it is two lines) so validation can
 * compare a batch size with the training-set size without importing the data package. The runner's
 * splitRule test holds the two equal.
 */
export function splitSizes(n: number, testFraction: number, validationFraction = 0): { train: number; validation: number; test: number } {
  const test = Math.round(n * testFraction);
  const validation = Math.round(n * validationFraction);
  return { train: n - test - validation, validation, test };
}
