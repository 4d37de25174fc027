/**
 * A CART regression tree (Breiman, Friedman, Olshen & Stone 1984) grown the way a random forest grows each of its
 * trees (Breiman, "Random Forests", Machine Learning 45, 2001): on a bootstrap sample, given here as a count per
 * point, each split the one that most reduces the squared error among the features drawn for it. It is
 * what forestImportance decomposes; the choices follow scikit-learn's RandomForestRegressor, which Optuna's fANOVA
 * evaluator fits, unless said otherwise.
 */

/** The points as features: numeric columns hold the (log10 when log-scaled) value, categorical ones a category index. */
export interface TreeFeatures {
  /** columns[f][i]: feature f of point i. */
  readonly columns: readonly Float64Array[];
  /** categories[f]: 0 for a numeric feature, else the number of categories (indices 0 … K−1). */
  readonly categories: readonly number[];
}

export interface TreeOptions {
  /** Features drawn at random at each split (without replacement), at least 1. */
  readonly featuresPerSplit: number;
  /** The root is at depth 0; a node at maxDepth is a leaf. */
  readonly maxDepth: number;
}

/** A fitted tree as flat arrays, node 0 the root. */
export interface RegressionTree {
  /** The feature a node splits on; −1 for a leaf. */
  readonly feature: readonly number[];
  /** Numeric split: a point goes left when its value ≤ threshold. */
  readonly threshold: readonly number[];
  /** Categorical split: goesLeft[node][k] is true when category k goes left (categories absent from the node's sample included). */
  readonly goesLeft: readonly (readonly boolean[] | null)[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  /** The node's prediction: the (count-weighted) mean metric of its sample. */
  readonly value: readonly number[];
}

/**
 * Grows one tree on the points with counts[i] > 0, point i weighted by counts[i] (a bootstrap sample is a count per
 * point: drawing point i twice weighs it twice, as scikit-learn's forests implement bootstrapping).
 *
 * `sortedByFeature[f]` lists every point index ordered by feature f (ties in any fixed order): sorting once per
 * forest, and partitioning these lists stably at each split, keeps every node's points sorted without sorting again.
 *
 * Splits:
 * - numeric: at the midpoint between two consecutive distinct values (scikit-learn's thresholds);
 * - categorical: by a subset of categories, found exactly by ordering the node's categories by their mean metric and
 *   splitting that order (optimal for squared error among all 2^(K−1) − 1 subsets: Fisher 1958, Breiman et al. 1984;
 *   Hastie, Tibshirani & Friedman, The Elements of Statistical Learning, §9.2.4). Why not one-hot (Optuna's
 *   encoding): one column per category cannot put {adam, sgd} against {lion, rmsprop} in one split, and its box gives
 *   weight to impossible configurations (two categories at once, or none) in the fANOVA. A category absent from the
 *   node's sample goes with the heavier side.
 * Feature subsets follow scikit-learn: features constant in the node are skipped without counting toward
 * `featuresPerSplit`, so a node that can be split always is. A node is a leaf when its metric is constant, it is
 * at maxDepth, or no feature varies in it.
 */
export function growRegressionTree(
  features: TreeFeatures,
  metric: Float64Array,
  counts: ArrayLike<number>,
  sortedByFeature: readonly Int32Array[],
  uniform: () => number,
  options: TreeOptions,
): RegressionTree {
  const dimensions = features.columns.length;
  const orders = sortedByFeature.map((order) => {
    const drawn = new Int32Array(order.length);
    let size = 0;
    for (let r = 0; r < order.length; r++) if (counts[order[r]] > 0) drawn[size++] = order[r];
    return drawn.subarray(0, size);
  });
  const size = orders[0].length;
  const goesLeftOfPoint = new Uint8Array(metric.length);
  const buffer = new Int32Array(size);
  const featureOrder = Array.from({ length: dimensions }, (_, f) => f);
  // Per categorical feature, the weight and Σ metric of each category in the node being split (reused: no allocation per node).
  const categoryWeights = features.categories.map((k) => new Float64Array(k));
  const categorySums = features.categories.map((k) => new Float64Array(k));

  const tree = { feature: [] as number[], threshold: [] as number[], goesLeft: [] as (boolean[] | null)[], left: [] as number[], right: [] as number[], value: [] as number[] };

  const grow = (start: number, end: number, depth: number): number => {
    const node = tree.feature.length;
    let weight = 0;
    let sum = 0;
    let low = Infinity;
    let high = -Infinity;
    for (let r = start; r < end; r++) {
      const i = orders[0][r];
      weight += counts[i];
      sum += counts[i] * metric[i];
      low = Math.min(low, metric[i]);
      high = Math.max(high, metric[i]);
    }
    tree.feature.push(-1);
    tree.threshold.push(NaN);
    tree.goesLeft.push(null);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(sum / weight);
    if (depth >= options.maxDepth || low === high) return node;

    const best = bestSplit(start, end, weight, sum);
    if (best === null) return node;

    // Stable partition of every feature's order: the left child's points first, each part still sorted.
    for (let r = start; r < end; r++) {
      const i = orders[0][r];
      const x = features.columns[best.feature][i];
      goesLeftOfPoint[i] = best.goesLeft ? (best.goesLeft[x] ? 1 : 0) : x <= best.threshold ? 1 : 0;
    }
    let middle = start;
    for (const order of orders) {
      let l = start;
      let b = 0;
      for (let r = start; r < end; r++) {
        const i = order[r];
        if (goesLeftOfPoint[i]) order[l++] = i;
        else buffer[b++] = i;
      }
      for (let k = 0; k < b; k++) order[l + k] = buffer[k];
      middle = l;
    }
    tree.feature[node] = best.feature;
    tree.threshold[node] = best.threshold;
    tree.goesLeft[node] = best.goesLeft;
    tree.left[node] = grow(start, middle, depth + 1);
    tree.right[node] = grow(middle, end, depth + 1);
    return node;
  };

  interface Split {
    feature: number;
    threshold: number;
    goesLeft: boolean[] | null;
    /** Σ_children (Σ y)² / w: the larger, the smaller the children's squared error. */
    score: number;
  }

  const bestSplit = (start: number, end: number, weight: number, sum: number): Split | null => {
    let best: Split | null = null;
    let examined = 0;
    // A fresh Fisher–Yates draw per node; features are examined in that order.
    for (let k = 0; k < dimensions && examined < options.featuresPerSplit; k++) {
      const pick = k + Math.floor(uniform() * (dimensions - k));
      const f = featureOrder[pick];
      featureOrder[pick] = featureOrder[k];
      featureOrder[k] = f;
      const candidate = features.categories[f] > 0 ? categoricalSplit(f, start, end, weight, sum) : numericSplit(f, start, end, weight, sum);
      if (candidate === 'constant') continue;
      examined++;
      if (best === null || candidate.score > best.score) best = candidate;
    }
    return best;
  };

  const numericSplit = (f: number, start: number, end: number, weight: number, sum: number): Split | 'constant' => {
    const order = orders[f];
    const column = features.columns[f];
    if (column[order[start]] === column[order[end - 1]]) return 'constant';
    let best = -Infinity;
    let bestAfter = start;
    let leftWeight = 0;
    let leftSum = 0;
    for (let r = start; r < end - 1; r++) {
      const i = order[r];
      leftWeight += counts[i];
      leftSum += counts[i] * metric[i];
      if (column[i] === column[order[r + 1]]) continue;
      const score = (leftSum * leftSum) / leftWeight + ((sum - leftSum) * (sum - leftSum)) / (weight - leftWeight);
      if (score > best) {
        best = score;
        bestAfter = r;
      }
    }
    const here = column[order[bestAfter]];
    const next = column[order[bestAfter + 1]];
    // Trap (as in scikit-learn): the midpoint of two adjacent floats can round up to `next`, which would send it left.
    let threshold = here / 2 + next / 2;
    if (threshold >= next || !Number.isFinite(threshold)) threshold = here;
    return { feature: f, threshold, goesLeft: null, score: best };
  };

  const categoricalSplit = (f: number, start: number, end: number, weight: number, sum: number): Split | 'constant' => {
    const categories = features.categories[f];
    const column = features.columns[f];
    const weights = categoryWeights[f].fill(0);
    const sums = categorySums[f].fill(0);
    for (let r = start; r < end; r++) {
      const i = orders[0][r];
      weights[column[i]] += counts[i];
      sums[column[i]] += counts[i] * metric[i];
    }
    const present: number[] = [];
    for (let k = 0; k < categories; k++) if (weights[k] > 0) present.push(k);
    if (present.length < 2) return 'constant';
    present.sort((a, b) => sums[a] / weights[a] - sums[b] / weights[b] || a - b);
    let best = -Infinity;
    let bestCut = 0;
    let bestLeftWeight = 0;
    let leftWeight = 0;
    let leftSum = 0;
    for (let c = 0; c < present.length - 1; c++) {
      leftWeight += weights[present[c]];
      leftSum += sums[present[c]];
      const score = (leftSum * leftSum) / leftWeight + ((sum - leftSum) * (sum - leftSum)) / (weight - leftWeight);
      if (score > best) {
        best = score;
        bestCut = c + 1;
        bestLeftWeight = leftWeight;
      }
    }
    const absentGoLeft = bestLeftWeight >= weight - bestLeftWeight;
    const goesLeft: boolean[] = [];
    for (let k = 0; k < categories; k++) goesLeft.push(weights[k] > 0 ? false : absentGoLeft);
    for (let c = 0; c < bestCut; c++) goesLeft[present[c]] = true;
    return { feature: f, threshold: NaN, goesLeft, score: best };
  };

  if (size === 0) throw new Error('stats: growRegressionTree: the sample is empty (every count is 0)');
  grow(0, size, 0);
  return tree;
}
