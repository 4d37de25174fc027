import type { RegressionTree } from './regressionTree.js';

/**
 * The functional ANOVA of one regression tree (Hutter, Hoos & Leyton-Brown, "An Efficient Approach for Assessing
 * Hyperparameter Importance", ICML 2014, §3): a tree is a piecewise-constant function over the box of the settings,
 * so its variance and the variance of each setting's marginal, under the uniform measure on the box, are exact finite
 * sums over its leaves. This is what Optuna's `_FanovaTree.get_marginal_variance` computes for one feature by
 * predicting at the midpoints between the tree's split values; here the same sums are taken leaf by leaf:
 *
 *   f(x) = Σ_leaves v_l·1[x ∈ L_l],  vol_l = Π_g |L_l,g| / |D_g|,  μ = Σ_l vol_l·v_l,  V = Σ_l vol_l·(v_l − μ)²
 *   marginal of g:  a_g(x_g) = Σ_l v_l·1[x_g ∈ L_l,g]·Π_{h≠g} |L_l,h| / |D_h|,    V_g = ∫ (a_g − μ)² dx_g / |D_g|
 *
 * where |·| is an interval's length for a numeric setting and a set's size for a categorical one (uniform over its
 * categories). a_g is constant between consecutive split values of g, so V_g is a sum over those pieces.
 */

/** A setting's domain: an interval of its (log10 when log-scaled) values, or K categories weighted alike. */
export type FeatureDomain = { readonly low: number; readonly high: number } | { readonly categories: number };

export interface TreeDecomposition {
  /** V: the variance of the tree's function over the box. */
  readonly variance: number;
  /** V_g for each feature: the variance of its main effect (0 for a feature the tree never splits on). */
  readonly mainEffects: Float64Array;
}

/** The tree's leaves as flat arrays, leaf l's entry for feature g at l·d + g. */
interface Leaves {
  readonly count: number;
  readonly value: Float64Array;
  /** |L_l,g| / |D_g|. */
  readonly share: Float64Array;
  readonly low: Float64Array;
  readonly high: Float64Array;
  /** For a categorical g: the leaf's categories (true = inside); null for numeric features. */
  readonly categories: (readonly boolean[] | null)[];
}

export function decomposeTree(tree: RegressionTree, domains: readonly FeatureDomain[]): TreeDecomposition {
  const d = domains.length;
  const leaves = leavesOf(tree, domains);
  const volume = new Float64Array(leaves.count);
  let mu = 0;
  for (let l = 0; l < leaves.count; l++) {
    let product = 1;
    for (let g = 0; g < d; g++) product *= leaves.share[l * d + g];
    volume[l] = product;
    mu += product * leaves.value[l];
  }
  let variance = 0;
  for (let l = 0; l < leaves.count; l++) variance += volume[l] * (leaves.value[l] - mu) ** 2;

  const mainEffects = new Float64Array(d);
  const contribution = new Float64Array(leaves.count);
  domains.forEach((domain, g) => {
    // v_l·Π_{h≠g} share: the leaf's weight in the marginal a_g wherever x_g lies in the leaf.
    for (let l = 0; l < leaves.count; l++) {
      let product = leaves.value[l];
      for (let h = 0; h < d; h++) if (h !== g) product *= leaves.share[l * d + h];
      contribution[l] = product;
    }
    if ('categories' in domain) {
      if (domain.categories < 2) return;
      const marginal = new Float64Array(domain.categories);
      for (let l = 0; l < leaves.count; l++) {
        const inside = leaves.categories[l * d + g]!;
        for (let k = 0; k < domain.categories; k++) if (inside[k]) marginal[k] += contribution[l];
      }
      mainEffects[g] = marginal.reduce((sum, a) => sum + (a - mu) ** 2, 0) / domain.categories;
      return;
    }
    const width = domain.high - domain.low;
    if (!(width > 0)) return;
    const breaks = splitValues(tree, g, domain);
    // a_g on each piece between consecutive breaks, from a difference array: +c where a leaf's interval starts, −c where it ends.
    const difference = new Float64Array(breaks.length);
    for (let l = 0; l < leaves.count; l++) {
      difference[indexOfSorted(breaks, leaves.low[l * d + g])] += contribution[l];
      difference[indexOfSorted(breaks, leaves.high[l * d + g])] -= contribution[l];
    }
    let marginal = 0;
    let sum = 0;
    for (let p = 0; p < breaks.length - 1; p++) {
      marginal += difference[p];
      sum += ((breaks[p + 1] - breaks[p]) / width) * (marginal - mu) ** 2;
    }
    mainEffects[g] = sum;
  });
  return { variance, mainEffects };
}

/** The domain's ends and the tree's thresholds on feature g, ascending, each once: where the marginal a_g can change. */
function splitValues(tree: RegressionTree, g: number, domain: { readonly low: number; readonly high: number }): Float64Array {
  const values = [domain.low, domain.high];
  tree.feature.forEach((feature, node) => {
    if (feature === g) values.push(tree.threshold[node]);
  });
  const sorted = Float64Array.from(values).sort();
  return sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
}

/** The index of `value` in ascending `sorted`, which holds it. */
function indexOfSorted(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The tree's leaves with the part of the box each covers, walking down with one box changed and restored at each split. */
function leavesOf(tree: RegressionTree, domains: readonly FeatureDomain[]): Leaves {
  const d = domains.length;
  const count = tree.feature.filter((feature) => feature < 0).length;
  const leaves: Leaves = {
    count,
    value: new Float64Array(count),
    share: new Float64Array(count * d),
    low: new Float64Array(count * d),
    high: new Float64Array(count * d),
    categories: new Array(count * d).fill(null),
  };
  const low = Float64Array.from(domains, (domain) => ('low' in domain ? domain.low : NaN));
  const high = Float64Array.from(domains, (domain) => ('high' in domain ? domain.high : NaN));
  const categories = domains.map((domain) => ('categories' in domain ? Array.from({ length: domain.categories }, () => true) : null));
  let leaf = 0;
  const visit = (node: number) => {
    const g = tree.feature[node];
    if (g < 0) {
      leaves.value[leaf] = tree.value[node];
      domains.forEach((domain, h) => {
        const at = leaf * d + h;
        leaves.low[at] = low[h];
        leaves.high[at] = high[h];
        if ('categories' in domain) {
          leaves.categories[at] = categories[h];
          leaves.share[at] = categories[h]!.filter(Boolean).length / domain.categories;
        } else {
          leaves.share[at] = domain.high > domain.low ? (high[h] - low[h]) / (domain.high - domain.low) : 1;
        }
      });
      leaf++;
      return;
    }
    const goesLeft = tree.goesLeft[node];
    if (goesLeft) {
      const inside = categories[g]!;
      categories[g] = inside.map((isIn, k) => isIn && goesLeft[k]);
      visit(tree.left[node]);
      categories[g] = inside.map((isIn, k) => isIn && !goesLeft[k]);
      visit(tree.right[node]);
      categories[g] = inside;
      return;
    }
    const [lowBefore, highBefore] = [low[g], high[g]];
    high[g] = tree.threshold[node];
    visit(tree.left[node]);
    high[g] = highBefore;
    low[g] = tree.threshold[node];
    visit(tree.right[node]);
    low[g] = lowBefore;
  };
  visit(0);
  return leaves;
}
