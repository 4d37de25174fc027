import { html, type SafeHtml } from './_html.js';
import { formatNumber } from './format.js';
import { renderPage, sectionNav } from './page.js';
import { statusCounts } from '@descent/runner';
import { drawnModel, type ReportModel } from './reportModel.js';
import { CLAIMS_SECTION_ID, claimsView, showsClaims } from './views/claimsView.js';
import { batchSizeView, BATCH_SIZE_SECTION_ID, showsBatchSize } from './views/batchSizeView.js';
import { landscapesView, LANDSCAPES_SECTION_ID, showsLandscapes } from './views/landscapesView.js';
import { inProgressBanner } from './views/inProgressBanner.js';
import { IMPORTANCE_SECTION_ID, importanceView, showsImportance } from './views/importanceView.js';
import { hasLearningCurves, learningCurvesView, LEARNING_CURVES_SECTION_ID } from './views/learningCurvesView.js';
import { LR_SENSITIVITY_SECTION_ID, lrSensitivityView, showsLrSensitivity } from './views/lrSensitivityView.js';
import { METRIC_HEATMAP_SECTION_ID, metricHeatmapView, showsMetricHeatmap } from './views/metricHeatmapView.js';
import { REPRODUCIBILITY_SECTION_ID, reproducibilityView } from './views/reproducibilityView.js';
import { PRUNING_LEDGER_SECTION_ID, pruningLedgerView, showsPruningLedger } from './views/pruningLedgerView.js';
import { RUN_TABLE_SECTION_ID, runTableView } from './views/runTableView.js';
import { SEARCH_SECTION_ID, searchView, showsSearch } from './views/searchView.js';
import { showsTimeToTarget, someReachedTarget, TIME_TO_TARGET_SECTION_ID, timeToTargetView } from './views/timeToTargetView.js';
import { WINNER_SECTION_ID, winnerView } from './views/winnerView.js';
import { PARALLEL_COORDINATES_SECTION_ID, parallelCoordinatesView } from './views/parallelCoordinatesView.js';
import { shareTips } from './explore/sharedTips.js';
import { exploreIsland } from './explore/exploreIsland.js';
import { clientScript } from './explore/clientBundle.js';

export interface View {
  id: string;
  title: string;
  /** Whether the view has something to show for this sweep (a heatmap needs lr and momentum to vary...). */
  applies: (model: ReportModel) => boolean;
  /** Whether the section holds at least one chart (an <svg>) for this model. */
  hasChart: (model: ReportModel) => boolean;
  render: (model: ReportModel) => SafeHtml;
  /**
   * Draws a row or a mark per run: given `drawnModel(model)`, the page's sample of a sweep with more runs than a
   * page can show (pageSample.ts). Views without it summarise every run.
   */
  drawsEachRun?: true;
}

const hasRuns = (model: ReportModel) => model.runs.length > 0;
const always = () => true;
const never = () => false;

/** The views of a report, in reading order. Adding a view is one entry here. */
export const VIEWS: readonly View[] = [
  { id: CLAIMS_SECTION_ID, title: 'Claims', applies: showsClaims, hasChart: never, render: claimsView },
  { id: WINNER_SECTION_ID, title: 'Verdict', applies: hasRuns, hasChart: always, render: winnerView },
  // Drawn in the page by its script: the server writes no <svg> for it.
  { id: PARALLEL_COORDINATES_SECTION_ID, title: 'Explore', applies: hasRuns, hasChart: never, render: parallelCoordinatesView, drawsEachRun: true },
  { id: SEARCH_SECTION_ID, title: 'Search', applies: (m) => hasRuns(m) && showsSearch(m), hasChart: always, render: searchView },
  { id: IMPORTANCE_SECTION_ID, title: 'Which settings matter', applies: (m) => hasRuns(m) && showsImportance(m), hasChart: always, render: importanceView },
  { id: LEARNING_CURVES_SECTION_ID, title: 'Learning curves', applies: hasRuns, hasChart: hasLearningCurves, render: learningCurvesView },
  { id: METRIC_HEATMAP_SECTION_ID, title: 'lr × momentum', applies: (m) => hasRuns(m) && showsMetricHeatmap(m), hasChart: always, render: metricHeatmapView },
  { id: LR_SENSITIVITY_SECTION_ID, title: 'lr sensitivity', applies: (m) => hasRuns(m) && showsLrSensitivity(m), hasChart: always, render: lrSensitivityView, drawsEachRun: true },
  { id: TIME_TO_TARGET_SECTION_ID, title: 'Time to target', applies: (m) => hasRuns(m) && showsTimeToTarget(m), hasChart: someReachedTarget, render: timeToTargetView },
  { id: BATCH_SIZE_SECTION_ID, title: 'Batch size', applies: (m) => hasRuns(m) && showsBatchSize(m), hasChart: always, render: batchSizeView },
  { id: LANDSCAPES_SECTION_ID, title: 'Landscapes', applies: (m) => hasRuns(m) && showsLandscapes(m), hasChart: always, render: landscapesView, drawsEachRun: true },
  { id: PRUNING_LEDGER_SECTION_ID, title: 'Pruning', applies: showsPruningLedger, hasChart: never, render: pruningLedgerView },
  { id: RUN_TABLE_SECTION_ID, title: 'All runs', applies: () => true, hasChart: never, render: runTableView, drawsEachRun: true },
  { id: REPRODUCIBILITY_SECTION_ID, title: 'Reproducibility', applies: () => true, hasChart: never, render: reproducibilityView },
];

/** The sections a model's report contains, in order, and whether each holds a chart. */
export function reportSections(model: ReportModel): { id: string; title: string; hasChart: boolean }[] {
  return VIEWS.filter((view) => view.applies(model)).map(({ id, title, hasChart }) => ({ id, title, hasChart: hasChart(model) }));
}

function header(model: ReportModel, views: readonly View[]): SafeHtml {
  const counts = statusCounts(model.runs.map((run) => run.record.status));
  const { metric } = model;
  const descriptions = model.sweeps.filter((sweep) => sweep.description !== null);
  return html`<header class="report-header">
${model.inProgress ? inProgressBanner(model.sweeps[0], model.inProgress) : html``}<h1>${model.title}</h1>
${descriptions.map((sweep) => html`<p>${model.comparison ? html`<strong>${sweep.name}:</strong> ` : html``}${sweep.description}</p>`)}
<p class="facts">Metric: <strong>${metric.name}</strong> (${metric.goal}${metric.target === null ? '' : `, target ${formatNumber(metric.target)}`}) · ${model.runs.length} runs: ${counts.finished} finished, ${counts.diverged} diverged, ${counts.failed} failed${
    counts.pruned > 0 || model.sweeps.some((sweep) => sweep.earlyTerminate !== undefined) ? `, ${counts.pruned} pruned` : ''
  } · ${model.configurations.length} configurations${
    model.comparison ? html` from ${model.sweeps.length} sweeps` : html``
  }</p>
${model.notes.map((text) => html`<p class="note">${text}</p>`)}
${model.runs.length === 0 ? html`<p class="note">No runs were found for this sweep yet: run it first.</p>` : html``}
${sectionNav(views.map((view) => ({ id: view.id, title: view.title })))}
</header>`;
}

/** A complete report page for a model: the header, then every view that applies. */
export function renderModel(model: ReportModel): string {
  const views = VIEWS.filter((view) => view.applies(model));
  const explorable = views.some((view) => view.id === PARALLEL_COORDINATES_SECTION_ID);
  const rendered = views.map((view) => view.render(view.drawsEachRun ? drawnModel(model) : model));
  // Tips written once each need the page script to put them back: only an explorable page has it.
  const { sections, tips } = explorable ? shareTips(rendered) : { sections: rendered, tips: null };
  return renderPage({
    title: model.title,
    header: header(model, views),
    sections,
    scripts: explorable ? [exploreIsland(drawnModel(model)), ...(tips ? [tips] : []), clientScript()] : [],
    ...(model.inProgress ? { reloadSeconds: model.inProgress.reloadSeconds } : {}),
  });
}
