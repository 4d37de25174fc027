import type { OptimizerBenchSummary, OptimizerBenchTiming } from '@descent/runner';
import { html, type SafeHtml } from '../_html.js';
import { countOf } from '../format.js';
import { renderPage, sectionNav } from '../page.js';
import { hasCurves } from './benchCurve.js';
import { CURVES_SECTION_ID, curvesView } from './curvesView.js';
import { PROFILE_SECTION_ID, profileView } from './profileView.js';
import { RESULTS_SECTION_ID, resultsTableView } from './resultsTableView.js';
import { WALL_TIME_SECTION_ID, wallTimeView } from './wallTimeView.js';
import { WORKLOADS_SECTION_ID, workloadsView } from './workloadsView.js';

/** What a bench report is drawn from: the summary, and the wall times when timing.json is given (machine-dependent). */
interface BenchInput {
  summary: OptimizerBenchSummary;
  timing: OptimizerBenchTiming | null;
}

interface BenchView {
  id: string;
  title: string;
  applies: (input: BenchInput) => boolean;
  render: (input: BenchInput) => SafeHtml;
}

/** The sections of a bench report, in reading order. */
const BENCH_VIEWS: readonly BenchView[] = [
  { id: PROFILE_SECTION_ID, title: 'Performance profile', applies: () => true, render: ({ summary }) => profileView(summary) },
  { id: RESULTS_SECTION_ID, title: 'Workloads × optimizers', applies: () => true, render: ({ summary }) => resultsTableView(summary) },
  { id: CURVES_SECTION_ID, title: 'Learning curves', applies: ({ summary }) => hasCurves(summary), render: ({ summary }) => curvesView(summary) },
  // Only with timing.json: the summary holds no wall time.
  { id: WALL_TIME_SECTION_ID, title: 'Wall time', applies: ({ timing }) => timing !== null, render: ({ summary, timing }) => wallTimeView(summary, timing!) },
  { id: WORKLOADS_SECTION_ID, title: 'Workloads', applies: () => true, render: ({ summary }) => workloadsView(summary) },
];

function conformance(summary: OptimizerBenchSummary): SafeHtml {
  const names = [...summary.candidates, ...summary.baselines];
  const failing = names.filter((name) => summary.conformance[name]?.ok === false);
  const unchecked = names.filter((name) => summary.conformance[name] === undefined);
  return html`<p class="conformance${failing.length > 0 ? ' failing' : ''}">Conformance kit: ${
    failing.length === 0 ? html`all ${names.length - unchecked.length} checked optimizers pass` : html`${names.length - unchecked.length - failing.length} pass`
  }${failing.map(
    (name) => html`; <strong>${name}</strong> fails ${summary.conformance[name]!.failed.map((check, i) => html`${i > 0 ? ', ' : ''}<code>${check}</code>`)}`,
  )}${unchecked.length > 0 ? html`; not checked: ${unchecked.join(', ')}` : html``}.</p>`;
}

function header(summary: OptimizerBenchSummary, views: readonly BenchView[]): SafeHtml {
  return html`<header class="report-header">
<h1>Is ${summary.candidates.join(', ')} any good? Optimizer benchmark</h1>
${summary.candidates.map((name) => html`<p class="statement answer" data-optimizer="${name}">${summary.answers[name] ?? `No answer was recorded for ${name}.`}</p>`)}
<p class="facts">Suite <code>${summary.suite}</code> · seed ${summary.seed} · ${summary.budget} budget · kernels <code>${summary.kernels}</code> · time to target in ${summary.timeAxis} · ${countOf(summary.workloads.length, 'workload')} · ${countOf(summary.candidates.length, 'candidate')} against ${countOf(summary.baselines.length, 'baseline')}. Results are comparable across machines only for the same suite, seed, budget and kernels.</p>
${conformance(summary)}
${sectionNav(views.map(({ id, title }) => ({ id, title })))}
</header>`;
}

/**
 * The report of `exp optimizers bench`: a complete, self-contained HTML document (pure: same inputs, same bytes).
 * With `timing` (timing.json) it has a wall-time section, labelled with the machine the times were measured on.
 */
export function renderOptimizerBench(summary: OptimizerBenchSummary, timing: OptimizerBenchTiming | null = null): string {
  const input = { summary, timing };
  const views = BENCH_VIEWS.filter((view) => view.applies(input));
  return renderPage({
    title: `Optimizer benchmark: ${summary.candidates.join(', ')}`,
    header: header(summary, views),
    sections: views.map((view) => view.render(input)),
  });
}
