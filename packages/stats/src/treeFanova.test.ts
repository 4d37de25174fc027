import { describe, expect, it } from 'vitest';
import type { RegressionTree } from './regressionTree.js';
import { decomposeTree } from './treeFanova.js';

describe('decomposeTree', () => {
  it('gives the hand-derived variances of a three-leaf tree on the unit square', () => {
    //   x1 ≤ 0.5 → 0;   x1 > 0.5 and x2 ≤ 0.5 → 0;   x1 > 0.5 and x2 > 0.5 → 4.
    // Leaf volumes ½, ¼, ¼: μ = ¼·4 = 1;  V = ½·1 + ¼·1 + ¼·9 = 3.
    // Marginal of x1: 0 for x1 ≤ ½, (0 + 4)/2 = 2 above: V₁ = ½·1 + ½·1 = 1. Marginal of x2 likewise: V₂ = 1.
    // The remaining 3 − 1 − 1 = 1 is the x1×x2 interaction.
    const tree: RegressionTree = {
      feature: [0, -1, 1, -1, -1],
      threshold: [0.5, NaN, 0.5, NaN, NaN],
      goesLeft: [null, null, null, null, null],
      left: [1, -1, 3, -1, -1],
      right: [2, -1, 4, -1, -1],
      value: [1, 0, 2, 0, 4],
    };
    const { variance, mainEffects } = decomposeTree(tree, [{ low: 0, high: 1 }, { low: 0, high: 1 }]);
    expect(variance).toBe(3);
    expect([...mainEffects]).toEqual([1, 1]);
  });

  it('weights the categories of a categorical setting alike, whichever of them the split names', () => {
    // Categories {0, 1, 2}; the split sends {1} left (value 3) and {0, 2} right (value 0): a = (0, 3, 0) over the
    // categories, μ = 1, V = V_cat = (1 + 4 + 1)/3 = 2; a numeric setting the tree never splits on gets 0.
    const tree: RegressionTree = {
      feature: [1, -1, -1],
      threshold: [NaN, NaN, NaN],
      goesLeft: [[false, true, false], null, null],
      left: [1, -1, -1],
      right: [2, -1, -1],
      value: [1, 3, 0],
    };
    const { variance, mainEffects } = decomposeTree(tree, [{ low: -2, high: 5 }, { categories: 3 }]);
    expect(variance).toBeCloseTo(2, 15);
    expect(mainEffects[0]).toBe(0);
    expect(mainEffects[1]).toBeCloseTo(2, 15);
  });
});
