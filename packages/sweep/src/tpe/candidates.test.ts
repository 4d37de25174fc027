import { rng } from '@descent/tensor';
import { describe, expect, test } from 'vitest';
import { bestCombinations, scoredCandidates, type Scored } from './candidates.js';
import { PARZEN_DEFAULTS } from './parzen.js';
import { axesOf } from './space.js';

describe('candidates, best first', () => {
  test('combinations of per-axis candidates come in order of their summed score; ties to the smaller index vector', () => {
    // Candidate i of axis a is the value 10·a + i. Sums: (0,0) 5, (0,1) 4.5, (1,0) 3, (1,1) 2.5, (0,2) 2 = (2,0) 2,
    // (2,1) 1.5, (1,2) 0, (2,2) −1.
    const list = (a: number, scores: number[]): Scored[] => scores.map((score, i) => ({ x: [10 * a + i], score }));
    const lists = [list(0, [3, 1, 0]), list(1, [2, 1.5, -1])];
    expect([...bestCombinations(lists, 100)]).toEqual([
      [0, 10], [0, 11], [1, 10], [1, 11], [0, 12], [2, 10], [2, 11], [1, 12], [2, 12],
    ]);
    expect([...bestCombinations(lists, 3)]).toHaveLength(3);
  });

  test('repeated draws of a choice are scored once, and the list is sorted by score', () => {
    const [axis] = axesOf({ act: { kind: 'categorical', choices: ['relu', 'tanh'] } });
    const scored = scoredCandidates([axis], [[0], [0], [0]], [[1], [1], [0], [1]], rng('candidates'), 24, PARZEN_DEFAULTS);
    expect(scored.map((c) => c.x[0]).sort()).toEqual([0, 1]);
    expect(scored[0].x).toEqual([0]); // relu: 3 of 3 good results, 1 of 4 others
    expect(scored[0].score).toBeGreaterThan(scored[1].score);
  });
});
