import { html, type SafeHtml } from '../_html.js';
import { availableAxes, sharedEpochSize, type CurveAxis, type CurveQuantity } from '../curves.js';
import { DIVERGENCE_CEILING } from '../divergenceCeiling.js';
import { formatCount } from '../format.js';
import { section } from '../page.js';
import type { ProblemGroup } from '../problems.js';
import { divergenceStepOf } from '../listedRun.js';
import { drawnModel, labelWithinProblem, type ReportModel } from '../reportModel.js';
import { axisSwitch } from './axisSwitch.js';
import { curveChart, type CurveSeries } from './_curveChart.js';
import { chartConfigurations, hiddenNote, seriesKey } from './_series.js';

export const LEARNING_CURVES_SECTION_ID = 'learning-curves';

/** What one chart of the learning-curves section draws. */
interface CurveKind {
  quantity: CurveQuantity;
  title: string;
  better: 'down' | 'up';
}

/** Accuracy metrics get their own chart: they are what the sweep ranks by, and a loss does not show them. */
const ACCURACY_KINDS: Record<string, CurveKind> = {
  test_accuracy: { quantity: 'test_accuracy', title: 'test accuracy', better: 'up' },
  train_accuracy: { quantity: 'train_accuracy', title: 'training accuracy (whole training set)', better: 'up' },
  validation_accuracy: { quantity: 'validation_accuracy', title: 'validation accuracy', better: 'up' },
};

/**
 * The charts drawn for one problem: the loss and, on datasets, the test loss, the validation loss (drawn only
 * where runs held validation rows out: a chart with no data is left out) and the accuracy metric.
 */
function curveKinds(model: ReportModel, group: ProblemGroup): CurveKind[] {
  if (group.kind === 'landscape') return [{ quantity: 'loss', title: 'loss f(x, y)', better: 'down' }];
  const kinds: CurveKind[] = [
    { quantity: 'loss', title: 'training loss (whole training set)', better: 'down' },
    { quantity: 'test_loss', title: 'test loss', better: 'down' },
    { quantity: 'validation_loss', title: 'validation loss', better: 'down' },
  ];
  const accuracy = ACCURACY_KINDS[model.metric.name];
  return accuracy === undefined ? kinds : [...kinds, accuracy];
}

/** One problem's series: the best configurations when there are more than the palette has colours. */
function groupSeries(model: ReportModel, group: ProblemGroup): { series: CurveSeries[]; hidden: number } {
  const { shown, hidden } = chartConfigurations(model, group.configurations);
  const perProblem = model.problems.length > 1;
  return {
    series: shown.map((configuration) => ({
      label: perProblem ? labelWithinProblem(model, configuration) : configuration.label,
      configuration,
    })),
    hidden,
  };
}

function axisPanel(model: ReportModel, axis: CurveAxis): SafeHtml {
  const perProblem = model.problems.length > 1;
  return html`<div class="curve-groups">${model.problems.map((group, groupIndex) => {
    const { series, hidden } = groupSeries(model, group);
    const labels = series.map((entry) => entry.label);
    const kinds = curveKinds(model, group);
    const runs = series.flatMap((entry) => entry.configuration.runs);
    const charts = kinds
      .filter((kind) => availableAxes(runs, kind.quantity).includes(axis))
      .map((kind) =>
        curveChart({
          chartId: `learning-curves-${axis}-${groupIndex + 1}-${kind.quantity.replace('_', '-')}`,
          series,
          labels,
          axis,
          quantity: kind.quantity,
          yLabel: kind.title,
          better: kind.better,
          width: 560,
          height: 340,
          legend: false,
        }),
      );
    return html`<div class="curve-group">
${perProblem ? html`<h3>${group.name}</h3>` : html``}
${seriesKey(labels)}
<div class="panels">${charts}</div>
${hiddenNote(model, series.length, hidden)}
</div>`;
  })}</div>`;
}

/** The most diverged configurations the note under the learning curves names. */
const MAX_DIVERGED_NAMED = 200;

/** Which configurations had replicates diverge, and at which steps: their curves stop there (or never start). */
function divergedNote(model: ReportModel): SafeHtml {
  const diverged = model.configurations.flatMap((configuration) => {
    const steps = configuration.runs.flatMap((run) => divergenceStepOf(run) ?? []);
    return steps.length === 0 ? [] : [{ label: configuration.label, steps, total: configuration.runs.length }];
  });
  if (diverged.length === 0) return html``;
  // A large random search can diverge in tens of thousands of configurations: name the first ones only.
  const named = diverged.slice(0, MAX_DIVERGED_NAMED);
  const more = diverged.length - named.length;
  return html`<p class="note">Diverged (their curves stop at the last evaluation before it): ${named.map(
    (entry, i) =>
      html`${i > 0 ? '; ' : ''}<strong>${entry.label}</strong> ${entry.steps.length}/${entry.total} at step ${entry.steps.map(formatCount).join(', ')}`,
  )}${more > 0 ? `; and ${formatCount(more)} more configurations (the table of runs gives each run's step)` : ''}.</p>`;
}

/**
 * Whether some run recorded a loss curve (failed runs may stop before their first evaluation). Asked of the runs the
 * page draws: a large sweep's other runs are read without their series (listedRun.ts).
 */
export function hasLearningCurves(model: ReportModel): boolean {
  return availableAxes(drawnModel(model).runs, 'loss').length > 0;
}

/**
 * Where the page's script draws the selected runs' curves (src/client/curves.ts): hidden until runs are
 * selected or grouped, then shown in place of the static charts, which stay for printing and without scripts.
 */
const exploreCurvesMount = html`<div class="chart explore-curves" data-explore="learning-curves" hidden></div>`;

export function learningCurvesView(model: ReportModel): SafeHtml {
  // Of the runs the page draws, as hasLearningCurves.
  const axes = availableAxes(drawnModel(model).runs, 'loss');
  const epochSize = sharedEpochSize(drawnModel(model).runs, 'loss');
  const landscapesOnly = model.problems.every((group) => group.kind === 'landscape');
  const datasetsOnly = model.problems.every((group) => group.kind === 'dataset');
  const measured = landscapesOnly
    ? 'The exact loss f(x, y) along each path (no mini-batch noise)'
    : datasetsOnly
      ? `The loss on the whole training set and on the test set, evaluated at the end of every epoch${epochSize === null ? '' : ` (${formatCount(epochSize)} examples)`} (not the noisy mini-batch loss; that one is in the batch-size view)`
      : 'The loss on the whole training set at each epoch end (datasets) or the exact f(x, y) along the path (landscapes)';
  const body =
    axes.length === 0
      ? html`<p class="note">No run recorded a curve yet (failed runs stop before their first evaluation).</p>`
      : html`${exploreCurvesMount}<div class="curves-static">${axisSwitch('learning-curves-axis', axes.map((axis) => ({ axis, body: axisPanel(model, axis) })), axes.includes('examples') ? 'examples' : axes[0])}${divergedNote(model)}</div>`;
  return section({
    id: LEARNING_CURVES_SECTION_ID,
    title: 'Learning curves',
    caption: `${measured}: line = mean across replicates, band = min–max across replicates${
      model.problems.length > 1 ? ', one chart per problem (their losses are different functions)' : ''
    }. A loss that climbs above ${DIVERGENCE_CEILING}× the highest starting loss is cut at the top edge; ✕ marks where a diverged run's curve ends.${
      model.runs.some((run) => run.record.status === 'pruned')
        ? ' A dashed curve ending in ✂ was pruned by early termination: it stops at the budget of the rung where it was cut.'
        : ''
    } Look for the curve that falls fastest per example seen.`,
    body,
  });
}
