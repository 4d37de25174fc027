import { rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { datasets } from './registry.js';
import { resolveDatasetParams } from './parameters.js';
import { declarationProblem } from '@descent/settings';
import type { DatasetSetting } from './dataset.js';

const ctx = { baseDir: process.cwd() };
// digits and csv have their own tests (they read files); these are the generated sets.
const generated = datasets.list().filter((entry) => entry.name !== 'digits' && entry.name !== 'csv');

describe('dataset registry', () => {
  it('lists every built-in dataset by name', () => {
    expect(datasets.names()).toEqual(['lecture', 'xor', 'moons', 'circles', 'spirals', 'blobs', 'digits', 'csv']);
    expect(datasets.get('moons').name).toBe('moons');
  });

  it('answers a typo with the closest names', () => {
    const accepted = '(expected one of lecture, xor, moons, circles, spirals, blobs, digits, csv)';
    expect(() => datasets.get('moon')).toThrow(`unknown dataset 'moon'; did you mean 'moons'? ${accepted}`);
    expect(() => datasets.get('imagenet')).toThrow(`unknown dataset 'imagenet' ${accepted}`);
  });

  it('every declared setting is a valid declaration', () => {
    for (const entry of datasets.list()) {
      for (const [key, setting] of Object.entries(entry.settings) as [string, DatasetSetting][]) {
        if (setting.type === 'string') expect(typeof setting.default, `${entry.name}.${key}`).toBe('string');
        else expect(declarationProblem(key, setting), `${entry.name}.${key}`).toBeNull();
      }
    }
  });

  describe.each(generated.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const params = resolveDatasetParams(entry, { size: 60 });

    it('load agrees with size, inputDim, outputDim and task', () => {
      const data = entry.load(params, rng(1), ctx);
      expect(data.n).toBe(entry.size(params, ctx));
      expect(data.d).toBe(entry.inputDim(params, ctx));
      expect(data.outputDim).toBe(entry.outputDim(params, ctx));
      expect(data.task).toBe(entry.task(params, ctx));
      expect(data.x.length).toBe(data.n * data.d);
      expect(data.x.every(Number.isFinite)).toBe(true);
      if (data.task === 'multiclass') {
        expect(data.y).toBeInstanceOf(Int32Array);
        expect(data.y.length).toBe(data.n);
        expect(data.y.every((label) => Number.isInteger(label) && label >= 0 && label < data.outputDim)).toBe(true);
      } else {
        expect(data.y).toBeInstanceOf(Float64Array);
        expect(data.y.length).toBe(data.n * data.outputDim);
      }
      if (data.task === 'binary') expect(data.y.every((t) => t === 0 || t === 1)).toBe(true);
    });

    it('is deterministic in the seed', () => {
      const a = entry.load(params, rng('seed'), ctx);
      const b = entry.load(params, rng('seed'), ctx);
      const c = entry.load(params, rng('other seed'), ctx);
      expect(b.x).toEqual(a.x);
      expect(b.y).toEqual(a.y);
      expect(c.x).not.toEqual(a.x);
    });
  });
});
