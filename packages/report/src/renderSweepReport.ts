import { renderModel, reportSections } from './_reportPage.js';
import { sweepModel } from './reportModel.js';
import { modelRunsWithSeries } from './runsWithSeries.js';
import type { ReportRun, SweepReportInput } from './types.js';

/** One sweep's report: a complete, self-contained HTML document (pure: same input, same bytes). */
export function renderSweepReport(input: SweepReportInput): string {
  return renderModel(sweepModel(input));
}

/**
 * One sweep's report from runs some of which may be listed runs (listedRun.ts, a large sweep read from its run
 * listing): those whose series the page draws (runsWithSeries) are read whole with `readRun` once the model has
 * chosen them from listed facts, and the same model is rendered (building it again from 100,000 runs takes
 * seconds). The same bytes as renderSweepReport of the runs read whole.
 */
export function renderSweepReportReading(input: SweepReportInput, readRun: (runId: string) => ReportRun): string {
  // Copies, completed in place below: the model holds these objects, and the caller's stay as they were.
  const model = sweepModel({ ...input, runs: input.runs.map((run) => ({ ...run })) });
  const withSeries = modelRunsWithSeries(model);
  for (const run of model.runs) {
    if (run.listed === undefined || !withSeries.has(run.record.runId)) continue;
    const { record, meta } = readRun(run.record.runId);
    delete run.listed;
    Object.assign(run, { record, meta });
  }
  return renderModel(model);
}

/** The sections `renderSweepReport(input)` will contain, in order: for tests that look for every chart. */
export function sweepReportSections(input: SweepReportInput): { id: string; title: string; hasChart: boolean }[] {
  return reportSections(sweepModel(input));
}
