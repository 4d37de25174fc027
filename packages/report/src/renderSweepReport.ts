import { renderModel, reportSections } from './_reportPage.js';
import { sweepModel } from './reportModel.js';
import type { SweepReportInput } from './types.js';

/** One sweep's report: a complete, self-contained HTML document (pure: same input, same bytes). */
export function renderSweepReport(input: SweepReportInput): string {
  return renderModel(sweepModel(input));
}

/** The sections `renderSweepReport(input)` will contain, in order: for tests that look for every chart. */
export function sweepReportSections(input: SweepReportInput): { id: string; title: string; hasChart: boolean }[] {
  return reportSections(sweepModel(input));
}
