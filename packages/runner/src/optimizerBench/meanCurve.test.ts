import { describe, expect, it } from 'vitest';
import type { EpochPoint, RunRecord } from '../types.js';
import { meanCurve } from './meanCurve.js';

/** A dataset run's record with just what the curve reads: the metric and its evaluations (test loss at each epoch end). */
function run(testLosses: number[], status: RunRecord['status'] = 'finished'): RunRecord {
  const epochs = testLosses.map((testLoss, epoch): EpochPoint => ({ epoch, step: epoch * 10, examples: epoch * 80, trainLoss: 0, testLoss, trainAccuracy: null, testAccuracy: null }));
  const config = { problem: { kind: 'dataset' }, train: { batch_size: 8 }, metric: { name: 'test_loss', goal: 'minimize', target: null } };
  return { status, epochs, trajectory: [], config } as unknown as RunRecord;
}

describe('meanCurve', () => {
  it("averages the replicates' evaluations point by point, on the examples axis", () => {
    expect(meanCurve([run([1, 0.5, 0.25]), run([0.75, 0.5, 0.125])])).toEqual([
      { examples: 0, value: 0.875 },
      { examples: 80, value: 0.5 },
      { examples: 160, value: 0.1875 },
    ]);
  });

  it('is null where a replicate has no value any more (it diverged before)', () => {
    expect(meanCurve([run([1, 0.5, 0.25]), run([1, Number.NaN], 'diverged')])).toEqual([
      { examples: 0, value: 1 },
      { examples: 80, value: null },
      { examples: 160, value: null },
    ]);
  });

  it('keeps at most maxPoints points, evenly spaced, the first and the last', () => {
    const curve = meanCurve([run(Array.from({ length: 101 }, (_, i) => 1 / (i + 1)))], 11);
    expect(curve.map((p) => p.examples)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((epoch) => epoch * 80));
    expect(curve.at(-1)!.value).toBe(1 / 101);
  });
});
