import { describe, expect, it } from 'vitest';
import { growRegressionTree, type TreeFeatures } from './regressionTree.js';
import { seededUniform } from './resample.js';

function sortedBy(features: TreeFeatures): Int32Array[] {
  return features.columns.map((column) => Int32Array.from(column, (_, i) => i).sort((a, b) => column[a] - column[b] || a - b));
}

describe('growRegressionTree', () => {
  it('splits a step at the midpoint between the two values around it, and stops where the metric is constant', () => {
    const features: TreeFeatures = { columns: [Float64Array.of(0, 1, 2, 3)], categories: [0] };
    const metric = Float64Array.of(0, 0, 10, 10);
    const tree = growRegressionTree(features, metric, [1, 1, 1, 1], sortedBy(features), seededUniform(1), { featuresPerSplit: 1, maxDepth: 64 });
    expect(tree.feature).toEqual([0, -1, -1]);
    expect(tree.threshold[0]).toBe(1.5);
    expect(tree.value).toEqual([5, 0, 10]);
  });

  it('weighs a point by its bootstrap count and leaves out the points drawn 0 times', () => {
    // Counts (3, 0, 1): the root's mean is (3·2 + 1·8)/4 = 3.5; point 1 (value 100) is not in the sample.
    const features: TreeFeatures = { columns: [Float64Array.of(0, 1, 2)], categories: [0] };
    const tree = growRegressionTree(features, Float64Array.of(2, 100, 8), [3, 0, 1], sortedBy(features), seededUniform(1), { featuresPerSplit: 1, maxDepth: 64 });
    expect(tree.value[0]).toBe(3.5);
    // Between the drawn values 0 and 2: the midpoint 1, not 0.5 or 1.5.
    expect(tree.threshold[0]).toBe(1);
  });

  it('splits a categorical setting by the subset of categories that best separates the metric', () => {
    // Categories 0 and 2 give 0, category 1 gives 5: one split {1} against {0, 2}, which no ordered split of
    // the indices 0 < 1 < 2 can make. Category 3 never occurs: it follows the heavier side ({0, 2}, 4 points).
    const features: TreeFeatures = { columns: [Float64Array.of(0, 1, 2, 0, 2, 1)], categories: [4] };
    const metric = Float64Array.of(0, 5, 0, 0, 0, 5);
    const tree = growRegressionTree(features, metric, [1, 1, 1, 1, 1, 1], sortedBy(features), seededUniform(1), { featuresPerSplit: 1, maxDepth: 64 });
    expect(tree.feature).toEqual([0, -1, -1]);
    expect(tree.goesLeft[0]).toEqual([true, false, true, true]);
    expect(tree.value).toEqual([5 / 3, 0, 5]);
  });

  it('skips a feature that is constant in the node, so the tree still splits on the one that varies', () => {
    // One feature drawn per split, and feature 0 is constant: a tree that counted it would stop at the root.
    const features: TreeFeatures = { columns: [Float64Array.of(7, 7, 7, 7), Float64Array.of(0, 1, 2, 3)], categories: [0, 0] };
    const metric = Float64Array.of(1, 2, 3, 4);
    for (let seed = 0; seed < 5; seed++) {
      const tree = growRegressionTree(features, metric, [1, 1, 1, 1], sortedBy(features), seededUniform(seed), { featuresPerSplit: 1, maxDepth: 64 });
      expect(tree.feature.filter((f) => f >= 0).every((f) => f === 1)).toBe(true);
      expect(tree.feature.filter((f) => f < 0)).toHaveLength(4);
    }
  });
});
