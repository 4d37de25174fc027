import { describe, expect, it } from 'vitest';
import { compare } from './compare.js';
import { compareWithLeader, type ReplicateGroup } from './compareWithLeader.js';
import { holm } from './holm.js';

const group = (key: string, values: number[], from = 0): ReplicateGroup => ({ key, byReplicate: new Map(values.map((v, k) => [from + k, v])) });
const seed = (leaderKey: string, otherKey: string) => `${leaderKey}|${otherKey}`;

describe('compareWithLeader', () => {
  it('compares the first group with each other one, Holm-corrected together, each with its own seed', () => {
    const leader = group('a', [1, 1.1, 0.9, 1.05, 0.95, 1.02, 0.98, 1.01]);
    const far = group('b', [2, 2.1, 1.9, 2.05, 1.95, 2.02, 1.98, 2.01]);
    const farther = group('c', [3, 3.1, 2.9, 3.05, 2.95, 3.02, 2.98, 3.01]);
    const verdict = compareWithLeader([leader, far, farther], { goal: 'minimize', paired: true, delta: 0.01, seed });
    expect(verdict.kind).toBe('won');
    expect(verdict.leader).toBe(leader);
    expect(verdict.comparisons.map(({ other }) => other.key)).toEqual(['b', 'c']);
    // The same numbers as comparing by hand: the seed of each pair, then Holm over both p-values.
    const byHand = [far, farther].map((other) =>
      compare([...leader.byReplicate.values()], [...other.byReplicate.values()], { paired: true, goal: 'minimize', seed: seed('a', other.key) }),
    );
    expect(verdict.comparisons.map(({ decision }) => decision.comparison.interval)).toEqual(byHand.map((c) => c.interval));
    expect(verdict.comparisons.map(({ decision }) => decision.adjustedPValue)).toEqual(holm(byHand.map((c) => c.pValue)));
  });

  it('pairs only the replicates both groups have, matched by index', () => {
    // The leader has replicates 0–9, the other only 0–5: six pairs, whatever the leader's later values.
    const leader = group('a', [1, 2, 3, 4, 5, 6, 100, -100, 100, -100]);
    const other = group('b', [2, 3, 4, 5, 6, 7]);
    const [{ decision }] = compareWithLeader([leader, other], { goal: 'minimize', paired: true, delta: 0, seed }).comparisons;
    expect(decision.comparison.sizes).toEqual({ a: 6, b: 6 });
    expect(decision.comparison.effect).toBe(1);
  });

  it('is undecided when any comparison is open, equivalent when none is and one is within ±δ', () => {
    const leader = group('a', [1, 1.1, 0.9]);
    const same = group('b', [1.0001, 1.1001, 0.9001]);
    const noisy = group('c', [0.5, 1.6, 1.2]);
    expect(compareWithLeader([leader, same], { goal: 'minimize', paired: true, delta: 0.01, seed }).kind).toBe('equivalent');
    const open = compareWithLeader([leader, same, noisy], { goal: 'minimize', paired: true, delta: 0.01, seed });
    expect(open.kind).toBe('undecided');
    expect(open.comparisons.map(({ decision }) => decision.verdict)).toEqual(['equivalent', 'undecided']);
  });

  it('needs a leader and at least one other group', () => {
    expect(() => compareWithLeader([group('a', [1, 2])], { goal: 'minimize', paired: true, delta: 0, seed })).toThrow(/at least one other/);
  });
});
