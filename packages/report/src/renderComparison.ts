import { renderModel } from './_reportPage.js';
import { comparisonModel } from './reportModel.js';
import type { SweepReportInput } from './types.js';

/**
 * The same views across several sweeps, each configuration labelled with its sweep's name
 * ('momentum: lr=0.1 · momentum=0.9'). The sweeps must share the metric's name and goal.
 */
export function renderComparison(inputs: SweepReportInput[]): string {
  return renderModel(comparisonModel(inputs));
}
