import type { BenchResult, OptimizerBenchSummary } from '@descent/runner';

/**
 * The learning curve the report draws per result. Not yet in the engine's summary: proposed as an optional
 * field of `BenchResult` (packages/runner/src/optimizerBench/types.ts), declared here until it moves there:
 *
 *     /** The replicates' mean metric, downsampled to at most ~50 points on the examples axis (null: diverged). *\/
 *     curve?: { examples: number; value: number | null }[];
 */
export interface BenchCurvePoint {
  examples: number;
  /** The replicates' mean metric at `examples`; null once a replicate diverged (NaN is not JSON). */
  value: number | null;
}

/** A result with the proposed curve. */
export type BenchResultWithCurve = BenchResult & { curve?: BenchCurvePoint[] };

/** The curve of a result, or undefined when the summary has none for it. */
export function curveOf(result: BenchResult): BenchCurvePoint[] | undefined {
  return (result as BenchResultWithCurve).curve;
}

/** Whether the summary carries curves, so the report has learning curves to draw. */
export function hasCurves(summary: OptimizerBenchSummary): boolean {
  return summary.results.some((result) => (curveOf(result)?.length ?? 0) > 0);
}
