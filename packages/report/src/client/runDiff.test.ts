import { describe, expect, it } from 'vitest';
import { exploreData } from '../explore/exploreIsland.js';
import { sweepModel } from '../reportModel.js';
import { momentumSweepFixture } from '../testing/sampleSweeps.js';
import { diffRows, toggledDiff } from './runDiff.js';

const input = momentumSweepFixture();
const data = exploreData(sweepModel(input));

/** A config's leaves by dotted key, as JSON: written here, not taken from the sweep package. */
function leaves(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, path === '' ? key : `${path}.${key}`, out);
  } else out.set(path, JSON.stringify(value));
  return out;
}

describe('the run diff', () => {
  it('lists every config key, marking exactly the keys whose values differ between the two records', () => {
    const pairs = [
      [0, 35],
      [3, 4],
      [10, 20],
    ];
    for (const [i, j] of pairs) {
      const [a, b] = [input.runs[i].record, input.runs[j].record];
      const [left, right] = [leaves(a.config), leaves(b.config)];
      const keys = [...new Set([...left.keys(), ...right.keys()])].sort();
      const differing = keys.filter((key) => left.get(key) !== right.get(key));
      const rows = diffRows(data, data.runs.findIndex((run) => run.id === a.runId), data.runs.findIndex((run) => run.id === b.runId));
      expect(rows.map((row) => row.key)).toEqual(keys);
      expect(rows.filter((row) => row.differs).map((row) => row.key)).toEqual(differing);
      const lr = rows.find((row) => row.key === 'optimizer.lr')!;
      expect(lr.values).toEqual([String(a.config.optimizer.lr), String(b.config.optimizer.lr)]);
    }
  });

  it('finds no difference between replicates of one configuration', () => {
    const [first, second] = data.runs.flatMap((run, i) => (run.configuration === 0 ? [i] : []));
    expect(diffRows(data, first, second).some((row) => row.differs)).toBe(false);
  });

  it('holds two runs at most: a third replaces the older, picking one again removes it', () => {
    expect(toggledDiff([], 'a')).toEqual(['a']);
    expect(toggledDiff(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggledDiff(['a', 'b'], 'c')).toEqual(['b', 'c']);
    expect(toggledDiff(['a', 'b'], 'a')).toEqual(['b']);
  });
});
