import { describe, expect, it } from 'vitest';
import { EXPLORE_DATA_VERSION, type ExploreData } from './exploreData.js';
import { countText, groupMetrics, NO_VALUE } from './groupMetrics.js';
import { selectedRuns, withFilter, EMPTY_SELECTION } from './selection.js';

// Three configurations of three runs, small enough to check by hand:
//   c0 lr=0.1  sgd : 0.2, 0.4, failed
//   c1 lr=0.01 sgd : 0.3, 0.5, pruned at 0.7
//   c2 lr=0.1  adam: 0.1, diverged, finished without a value
const configuration = (lr: number, optimizer: number) => ({ label: `lr=${lr} · optimizer=${optimizer}`, values: [lr, optimizer], config: [], curveX: '' });
const run = (id: string, configuration: number, replicate: number, status: string, final: number | null) => ({ id, configuration, replicate, status, final, curve: '' });
const data: ExploreData = {
  version: EXPLORE_DATA_VERSION,
  metric: { name: 'test_loss', goal: 'minimize', log: false },
  settings: [
    { key: 'optimizer.lr', name: 'lr', kind: 'numeric', log: true, categories: [] },
    { key: 'optimizer.name', name: 'optimizer', kind: 'categorical', log: false, categories: ['sgd', 'adam'] },
  ],
  configurations: [configuration(0.1, 0), configuration(0.01, 0), configuration(0.1, 1)],
  runs: [
    run('a0', 0, 0, 'finished', 0.2), run('a1', 0, 1, 'finished', 0.4), run('a2', 0, 2, 'failed', null),
    run('b0', 1, 0, 'finished', 0.3), run('b1', 1, 1, 'finished', 0.5), run('b2', 1, 2, 'pruned', 0.7),
    run('c0', 2, 0, 'finished', 0.1), run('c1', 2, 1, 'diverged', null), run('c2', 2, 2, 'finished', null),
  ],
  curves: null,
  config: { keys: [], shared: [] },
};
const all = data.runs.map(() => true);
const ids = (runs: number[]) => runs.map((i) => data.runs[i].id);

describe('the final metric per group, for the winner section', () => {
  it('summarises each value of a numeric setting, ascending: mean, min, max of the finished runs; the others counted apart', () => {
    const [small, large] = groupMetrics(data, all, 'optimizer.lr');
    expect(small.label).toBe('lr=0.01');
    expect(ids(small.runs)).toEqual(['b0', 'b1', 'b2']);
    // The pruned run's 0.7 is at a smaller budget: not a dot. mean(0.3, 0.5) = 0.4.
    expect(small.finals.map((point) => point.value)).toEqual([0.3, 0.5]);
    expect([small.mean, small.min, small.max]).toEqual([0.4, 0.3, 0.5]);
    expect(small.apart).toEqual({ pruned: 1 });

    expect(large.label).toBe('lr=0.1');
    expect(ids(large.runs)).toEqual(['a0', 'a1', 'a2', 'c0', 'c1', 'c2']);
    // mean(0.2, 0.4, 0.1) = 0.7 / 3.
    expect(large.mean).toBeCloseTo(0.7 / 3, 15);
    expect([large.min, large.max]).toEqual([0.1, 0.4]);
    // Told diverged first, though the failed run comes first in the island.
    expect(Object.entries(large.apart)).toEqual([['diverged', 1], ['failed', 1], [NO_VALUE, 1]]);
    expect(countText(large)).toBe('6 runs, 1 diverged, 1 failed, 1 without a value');
    expect(countText(small)).toBe('3 runs, 1 pruned');
  });

  it("orders a categorical setting's values as the report does (by category index)", () => {
    const groups = groupMetrics(data, all, 'optimizer.name');
    expect(groups.map((group) => group.label)).toEqual(['optimizer=sgd', 'optimizer=adam']);
    // sgd: mean(0.2, 0.4, 0.3, 0.5) = 0.35.
    expect(groups[0].mean).toBeCloseTo(0.35, 15);
    expect(groups[0].apart).toEqual({ failed: 1, pruned: 1 });
    expect(groups[1].finals).toEqual([{ run: 6, value: 0.1 }]);
  });

  it('counts only the selected runs, and keeps a row for a value none of whose runs is selected', () => {
    const adam = selectedRuns(data, withFilter(EMPTY_SELECTION, 'optimizer.name', { kind: 'categories', values: ['adam'] }));
    const [small, large] = groupMetrics(data, adam, 'optimizer.lr');
    expect(small.label).toBe('lr=0.01');
    expect(small.runs).toEqual([]);
    expect(small.finals).toEqual([]);
    expect([small.mean, small.min, small.max]).toEqual([NaN, NaN, NaN]);
    expect(ids(large.runs)).toEqual(['c0', 'c1', 'c2']);
    expect([large.mean, large.min, large.max]).toEqual([0.1, 0.1, 0.1]);
    expect(large.apart).toEqual({ diverged: 1, [NO_VALUE]: 1 });
    expect(countText(small)).toBe('none selected');

    const firstReplicates = data.runs.map((entry) => entry.replicate === 0);
    const [, firsts] = groupMetrics(data, firstReplicates, 'optimizer.lr');
    // mean(0.2, 0.1) = 0.15.
    expect(firsts.mean).toBeCloseTo(0.15, 15);
    expect(firsts.apart).toEqual({});
  });
});
