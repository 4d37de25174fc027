import { describe, expect, it } from 'vitest';
import { meanCurve } from './curves.js';
import type { ReportRun } from './types.js';
import { makeRunRecord } from './testing/fixtures.js';

/** A run whose logged losses and step times are given by hand (steps 0, 10, 20, ... with batch 4). */
function handRun(losses: number[], times: number[] | null, replicate: number): ReportRun {
  const record = makeRunRecord({ replicate, batchSize: 4, points: losses.length });
  record.steps = losses.map((loss, k) => ({ step: 10 * k, epoch: k, examples: 40 * k, loss, gradNorm: 1, updateNorm: 1 }));
  const meta = times === null ? null : { schema: 1 as const, runId: record.runId, wallTimeMs: 0, stepTimesMs: times, finishedAt: '', node: '', machine: '', gitCommit: null, descentVersion: '' };
  return { record, meta };
}

describe('meanCurve', () => {
  const runs = [handRun([1, 0.5, 0.25], [0, 100, 200], 0), handRun([3, 0.7, Infinity], [0, 300, 600], 1)];

  it('averages the replicates at each logged step and keeps their min–max band', () => {
    // step 0: (1 + 3)/2 = 2, band [1, 3]; step 10: (0.5 + 0.7)/2 = 0.6; step 20: only the finite 0.25 counts.
    const curve = meanCurve(runs, 'examples');
    expect(curve.map((p) => p.x)).toEqual([0, 40, 80]);
    expect(curve[0]).toMatchObject({ mean: 2, low: 1, high: 3, replicates: 2 });
    expect(curve[1].mean).toBeCloseTo(0.6, 12);
    expect(curve[2]).toMatchObject({ mean: 0.25, low: 0.25, high: 0.25, replicates: 1 });
  });

  it('places a step at the replicates\' mean wall time', () => {
    // step 10 ran at 100 ms and 300 ms → x = 200 ms.
    expect(meanCurve(runs, 'wall').map((p) => p.x)).toEqual([0, 200, 200]);
  });

  it('leaves out runs without meta on the wall-time axis', () => {
    expect(meanCurve([handRun([1, 2], null, 0)], 'wall')).toEqual([]);
  });
});
