export type {
  Dataset,
  DatasetContext,
  DatasetEntry,
  DatasetSetting,
  DatasetSettings,
  DatasetSettingValues,
  DatasetTask,
} from './dataset.js';
export { defineDataset } from './dataset.js';
export { resolveDatasetParams } from './parameters.js';
export { datasets } from './registry.js';
export { lecture, lectureTeacher, TEACHER } from './datasets/lecture.js';
export { xor } from './datasets/xor.js';
export { moons } from './datasets/moons.js';
export { circles } from './datasets/circles.js';
export { spirals } from './datasets/spirals.js';
export { blobs } from './datasets/blobs.js';
export { digits, DIGIT_PIXELS } from './datasets/digits.js';
export { csv } from './datasets/csv.js';
export { splitSizes, splitTrainTest, type SplitSizes } from './split.js';
export type { Batch } from './batches.js';
export { BatchSampler, gatherRows, stepsPerEpoch } from './batches.js';

export type { Landscape, LandscapePoint } from './landscapes/landscape.js';
export { defineLandscape } from './landscapes/landscape.js';
export { landscapes } from './landscapes/registry.js';
export { ravine } from './landscapes/ravine.js';
export { rosenbrock } from './landscapes/rosenbrock.js';
export { saddle } from './landscapes/saddle.js';
export { twoMinima } from './landscapes/two_minima.js';
