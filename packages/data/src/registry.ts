import { indexByName, unknownNameError } from './_namedRegistry.js';
import type { DatasetEntry } from './dataset.js';
import { blobs } from './datasets/blobs.js';
import { circles } from './datasets/circles.js';
import { csv } from './datasets/csv.js';
import { digits } from './datasets/digits.js';
import { lecture } from './datasets/lecture.js';
import { moons } from './datasets/moons.js';
import { spirals } from './datasets/spirals.js';
import { xor } from './datasets/xor.js';

/** Every built-in dataset, in the order they are listed to users. */
export const datasets: readonly DatasetEntry[] = [lecture, xor, moons, circles, spirals, blobs, digits, csv];

const byName = indexByName('dataset', datasets);

/** The dataset called `name`; an unknown name throws with the closest known names. */
export function getDataset(name: string): DatasetEntry {
  const entry = byName.get(name);
  if (entry === undefined) throw unknownNameError('dataset', name, datasetNames());
  return entry;
}

export function datasetNames(): string[] {
  return datasets.map((entry) => entry.name);
}
