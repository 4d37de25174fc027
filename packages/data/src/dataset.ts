import type { Rng } from '@descent/tensor';
import type { Setting, Settings, SettingValues } from '@descent/settings';

/** What the targets are: 0/1 classes, one of `outputDim` classes, or real numbers. */
export type DatasetTask = 'binary' | 'multiclass' | 'regression';

/**
 * A dataset as plain typed arrays (no Tensor), so it can be shared between packages and threads.
 * Row i of `x` is `x[i*d .. i*d + d)`.
 */
export interface Dataset {
  /** n×d features, row-major. */
  x: Float64Array;
  /**
   * 'binary' and 'regression': n×outputDim targets, row-major (binary targets are 0 or 1).
   * 'multiclass': n class labels in [0, outputDim).
   */
  y: Float64Array | Int32Array;
  n: number;
  d: number;
  task: DatasetTask;
  /** 1 for 'binary' and 'regression'; the number of classes for 'multiclass'. */
  outputDim: number;
}

/** Where a dataset's files are looked up: `baseDir` is the folder of the sweep file that names it. */
export interface DatasetContext {
  baseDir: string;
}

/** Dataset parameters are tensor's settings (numbers, booleans, choices and text such as a CSV path). */
export type DatasetSetting = Setting;
export type DatasetSettings = Settings;

/** `{ size: number, path: string, ... }` for a dataset's declared settings. */
export type DatasetSettingValues<S extends DatasetSettings> = SettingValues<S>;

/**
 * A named dataset the runner can train on. Every method takes the same fully resolved `params`
 * (see `resolveDatasetParams`); `task`, `size`, `inputDim` and `outputDim` answer without generating
 * the data, so a sweep can be validated (batch sizes, output layers) before any run starts.
 */
export interface DatasetEntry<S extends DatasetSettings = DatasetSettings> {
  name: string;
  description: string;
  /** Declared parameters (size, noise, ...) with defaults and accepted ranges. */
  settings: S;
  /** The learning task: fixed for the generated sets, read from the file for 'csv'. */
  task(params: DatasetSettingValues<S>, ctx: DatasetContext): DatasetTask;
  /** Total examples (train + test). */
  size(params: DatasetSettingValues<S>, ctx: DatasetContext): number;
  /** Features per example (d). */
  inputDim(params: DatasetSettingValues<S>, ctx: DatasetContext): number;
  /** 1 for 'binary' and 'regression'; the number of classes for 'multiclass'. */
  outputDim(params: DatasetSettingValues<S>, ctx: DatasetContext): number;
  /** The examples; the same (params, rng seed) always gives the same arrays. */
  load(params: DatasetSettingValues<S>, rng: Rng, ctx: DatasetContext): Dataset;
}

/** Returns its argument: exists only so TypeScript infers `params` from the declared `settings`. */
export function defineDataset<const S extends DatasetSettings>(entry: DatasetEntry<S>): DatasetEntry<S> {
  return entry;
}
