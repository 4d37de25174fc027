import { chartConfigurations } from './views/_series.js';
import { bestPerBatchSize, showsBatchSize } from './views/batchSizeView.js';
import { drawnModel, sweepModel, type ReportModel } from './reportModel.js';
import type { SweepReportInput } from './types.js';

/**
 * The ids of the runs whose series a sweep's report draws: the page's runs (drawnModel) and the configurations
 * whose curves the learning curves and the batch-size view chart (the best of each problem, of each batch size),
 * which a sample may not hold. Chosen from listed facts: `input`'s runs may all be listed runs.
 */
export function runsWithSeries(input: SweepReportInput): Set<string> {
  return modelRunsWithSeries(sweepModel(input));
}

/** runsWithSeries of a model already built. */
export function modelRunsWithSeries(model: ReportModel): Set<string> {
  const configurations = [
    ...drawnModel(model).configurations,
    ...model.problems.flatMap((group) => chartConfigurations(model, group.configurations).shown),
    ...(showsBatchSize(model) ? bestPerBatchSize(model).map(({ configuration }) => configuration) : []),
  ];
  return new Set(configurations.flatMap((configuration) => configuration.runs.map((run) => run.record.runId)));
}
