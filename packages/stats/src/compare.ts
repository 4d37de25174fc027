import {
  BOOTSTRAP_DEFAULTS,
  bootstrapMean,
  bootstrapMeanDifference,
  type BootstrapOptions,
  type BootstrapResult,
  type Interval,
} from './bootstrap.js';
import { mannWhitneyU } from './mannWhitney.js';
import { signTest } from './signTest.js';
import { assertFinite, sampleVariance } from './summaries.js';
import { wilcoxonSignedRank } from './wilcoxon.js';

/** Whether smaller or larger values of the metric are better. */
export type Goal = 'minimize' | 'maximize';

/** The rank test behind a comparison's p-value. */
export type RankTest = 'wilcoxon' | 'sign' | 'mann-whitney';

export interface CompareOptions extends BootstrapOptions {
  /** True when replicate k of A and of B share their seeds: compare the per-replicate differences. */
  readonly paired: boolean;
  readonly goal: Goal;
  /** Test for paired runs (default 'wilcoxon'); independent runs always use Mann–Whitney. */
  readonly pairedTest?: 'wilcoxon' | 'sign';
}

/** Configuration A against configuration B on one metric, oriented so that a positive effect means A is better. */
export interface Comparison {
  readonly paired: boolean;
  readonly goal: Goal;
  /** Replicates of A and of B. */
  readonly sizes: { readonly a: number; readonly b: number };
  /** Paired: mean of the differences; independent: difference of the means; sign flipped when minimizing. */
  readonly effect: number;
  /** BCa confidence interval of the effect: the one verdicts use. */
  readonly interval: Interval;
  /** Percentile confidence interval of the effect, from the same resamples. */
  readonly percentileInterval: Interval;
  readonly test: RankTest;
  /** Two-sided p-value of the test, before any correction for the number of comparisons. */
  readonly pValue: number;
  /**
   * Standard deviation of one replicate's contribution to the effect: the differences' s when paired,
   * √(s_A² + s_B²) when independent; N replicates give a standard error of replicateSd / √N.
   */
  readonly replicateSd: number;
  /** The bootstrap behind the intervals, on A − B before orientation (seed, resamples, confidence). */
  readonly bootstrap: BootstrapResult;
}

/**
 * Compares metric values per replicate of A and of B. Paired: d_k = A_k − B_k, effect = mean(d), Wilcoxon
 * signed-rank (or sign) test on d. Independent: effect = mean(A) − mean(B), Mann–Whitney U test. Both with
 * seeded percentile and BCa bootstrap intervals; all negated when the goal is to minimize.
 */
export function compare(a: readonly number[], b: readonly number[], options: CompareOptions): Comparison {
  assertFinite(a, 'sample A');
  assertFinite(b, 'sample B');
  const { paired, goal } = options;
  const bootstrapOptions: BootstrapOptions = {
    seed: options.seed ?? BOOTSTRAP_DEFAULTS.seed,
    resamples: options.resamples ?? BOOTSTRAP_DEFAULTS.resamples,
    confidence: options.confidence ?? BOOTSTRAP_DEFAULTS.confidence,
  };
  let bootstrap: BootstrapResult;
  let test: RankTest;
  let pValue: number;
  let replicateSd: number;
  if (paired) {
    if (a.length !== b.length) {
      throw new RangeError(`stats: a paired comparison needs as many replicates of A as of B, got ${a.length} and ${b.length}`);
    }
    const differences = a.map((value, k) => value - b[k]);
    bootstrap = bootstrapMean(differences, bootstrapOptions);
    test = options.pairedTest ?? 'wilcoxon';
    pValue = test === 'sign' ? signTest(differences).pValue : wilcoxonSignedRank(differences).pValue;
    replicateSd = Math.sqrt(sampleVariance(differences));
  } else {
    bootstrap = bootstrapMeanDifference(a, b, bootstrapOptions);
    test = 'mann-whitney';
    pValue = mannWhitneyU(a, b).pValue;
    replicateSd = Math.sqrt(sampleVariance(a) + sampleVariance(b));
  }
  // Orientation happens after the bootstrap, so minimizing and maximizing use the very same resamples.
  const sign = goal === 'maximize' ? 1 : -1;
  // `0 - x` rather than `-x`: an effect of exactly 0 stays +0, not −0, in records.
  const orient = ({ low, high }: Interval): Interval => (sign > 0 ? { low, high } : { low: 0 - high, high: 0 - low });
  return {
    paired,
    goal,
    sizes: { a: a.length, b: b.length },
    effect: sign > 0 ? bootstrap.estimate : 0 - bootstrap.estimate,
    interval: orient(bootstrap.bca),
    percentileInterval: orient(bootstrap.percentile),
    test,
    pValue,
    replicateSd,
    bootstrap,
  };
}
