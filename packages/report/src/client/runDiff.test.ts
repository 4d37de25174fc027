import { describe, expect, it } from 'vitest';
import { exploreData } from '../explore/exploreIsland.js';
import { sweepModel } from '../reportModel.js';
import { momentumSweepFixture } from '../testing/sampleSweeps.js';
import { diffRows } from './runDiff.js';

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
      const configurationOf = (id: string) => data.runs.find((run) => run.id === id)!.configuration;
      const rows = diffRows(data, configurationOf(a.runId), configurationOf(b.runId));
      expect(rows.map((row) => row.key)).toEqual(keys);
      expect(rows.filter((row) => row.differs).map((row) => row.key)).toEqual(differing);
      const lr = rows.find((row) => row.key === 'optimizer.lr')!;
      expect(lr.values).toEqual([String(a.config.optimizer.lr), String(b.config.optimizer.lr)]);
    }
  });

  it('finds no difference between a configuration and itself (two replicates of it)', () => {
    expect(diffRows(data, 0, 0).some((row) => row.differs)).toBe(false);
  });
});
