import { createRegistry, type Registry } from '@descent/settings';
import type { DatasetEntry } from './dataset.js';
import { blobs } from './datasets/blobs.js';
import { circles } from './datasets/circles.js';
import { csv } from './datasets/csv.js';
import { digits } from './datasets/digits.js';
import { lecture } from './datasets/lecture.js';
import { moons } from './datasets/moons.js';
import { spirals } from './datasets/spirals.js';
import { xor } from './datasets/xor.js';

/** Every built-in dataset by name, in the order they are listed to users. */
export const datasets: Registry<DatasetEntry> = createRegistry('dataset', [lecture, xor, moons, circles, spirals, blobs, digits, csv]);
