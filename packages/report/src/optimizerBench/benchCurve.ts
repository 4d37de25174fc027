import type { BenchResult, OptimizerBenchSummary } from '@descent/runner';

export type { BenchCurvePoint } from '@descent/runner';

/** The curve of a result, or undefined when the summary has none for it. */
export function curveOf(result: BenchResult): BenchResult['curve'] {
  return result.curve;
}

/** Whether the summary carries curves, so the report has learning curves to draw. */
export function hasCurves(summary: OptimizerBenchSummary): boolean {
  return summary.results.some((result) => (curveOf(result)?.length ?? 0) > 0);
}
