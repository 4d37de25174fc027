import type { Settings, SettingValues } from '@descent/settings';
import { defineDataset, type DatasetEntry } from '../dataset.js';

/** The settings every planar two-class dataset declares (each with its own defaults and ranges). */
type PlanarSettings = Settings & { size: { type: 'integer' }; noise: { type: 'number' } };

/**
 * A two-class dataset in the plane, the shape of scikit-learn's generators: example i of n sits at a clean
 * point (x, y) with a 0/1 label, then N(0, noise²) is added to x and then to y (in that order, example by
 * example, so a seed gives the same points). Each dataset only says where its clean points are.
 */
export function planarDataset<const S extends PlanarSettings>(definition: {
  name: string;
  description: string;
  settings: S;
  /** The clean position and label of example i of n. */
  point(i: number, n: number, params: SettingValues<S>): { x: number; y: number; label: 0 | 1 };
}): DatasetEntry<S> {
  return defineDataset({
    name: definition.name,
    description: definition.description,
    settings: definition.settings,
    task: () => 'binary',
    size: (params) => params.size as number,
    inputDim: () => 2,
    outputDim: () => 1,
    load(params, rng) {
      const n = params.size as number;
      const noise = params.noise as number;
      const x = new Float64Array(n * 2);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const clean = definition.point(i, n, params);
        x[2 * i] = clean.x + noise * rng.normal();
        x[2 * i + 1] = clean.y + noise * rng.normal();
        y[i] = clean.label;
      }
      return { x, y, n, d: 2, task: 'binary', outputDim: 1 };
    },
  });
}
