import { describe, expect, it } from 'vitest';
import { auditSample, wilsonInterval, winnerOf, type AuditedConfiguration } from './auditPruning.js';
import type { RunRecord, RunStatus } from './types.js';

const run = (finalMetric: number, status: RunStatus = 'finished') => ({ status, summary: { finalMetric } }) as unknown as RunRecord;
const configuration = (key: string, ...records: RunRecord[]): AuditedConfiguration => ({ key, records });

describe('the pruning audit', () => {
  it("gives Wilson's 95 % interval (values from Newcombe 1998, Table I)", () => {
    // Newcombe's method 3 (the Wilson score interval without continuity correction).
    const round4 = ([low, high]: [number, number]) => [Number(low.toFixed(4)), Number(high.toFixed(4))];
    expect(round4(wilsonInterval(81, 263))).toEqual([0.2553, 0.3662]);
    expect(round4(wilsonInterval(15, 148))).toEqual([0.0624, 0.1605]);
    expect(round4(wilsonInterval(0, 20))).toEqual([0, 0.1611]);
    expect(round4(wilsonInterval(1, 29))).toEqual([0.0061, 0.1718]);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });

  it('draws the same seeded sample every time, in search order, and everything when asked for more', () => {
    const pruned = Array.from({ length: 30 }, (_, i) => i);
    const sample = auditSample(pruned, 5, 7);
    expect(sample).toHaveLength(5);
    expect(new Set(sample).size).toBe(5);
    expect(sample).toEqual([...sample].sort((a, b) => a - b));
    expect(auditSample(pruned, 5, 7)).toEqual(sample);
    expect(auditSample(pruned, 5, 8)).not.toEqual(sample);
    expect(auditSample(pruned, 40, 7)).toEqual(pruned);
  });

  it('crowns the best mean over configurations whose every run finished the full budget', () => {
    const configurations = [
      configuration('a', run(0.5), run(0.7)), // 0.6
      configuration('b', run(0.1), run(Number.NaN, 'diverged')), // not eligible: one replicate diverged
      configuration('c', run(0.2), run(0.3, 'pruned')), // not eligible: pruned
      configuration('d', run(0.55), run(0.6)), // 0.575: the winner when minimizing
    ];
    expect(winnerOf(configurations, 'minimize')).toMatchObject({ configuration: { key: 'd' }, value: 0.575 });
    expect(winnerOf(configurations, 'maximize')).toMatchObject({ configuration: { key: 'a' }, value: 0.6 });
    expect(winnerOf([configurations[1]], 'minimize')).toBeNull();
  });
});
