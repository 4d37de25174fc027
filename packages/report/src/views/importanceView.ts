import * as Plot from '@observablehq/plot';
import { FOREST_IMPORTANCE_DEFAULTS } from '@descent/stats';
import { html, type SafeHtml } from '../_html.js';
import { marginForLabels, renderPlot } from '../_plot.js';
import { shortKeyNames } from '../configurations.js';
import { countOf, formatCount } from '../format.js';
import { settingImportance, type ProblemImportance } from '../importance.js';
import { section } from '../page.js';
import type { ReportModel } from '../reportModel.js';

export const IMPORTANCE_SECTION_ID = 'importance';

/** Bars drawn per problem: the largest shares (a grid of 6 settings has 21 of them, most near zero). */
const MAX_BARS = 8;

const percent = (fraction: number) => `${Math.round(100 * fraction)} %`;

// Whether the view applies and what it draws are the same computation (a forest on a large search takes a moment): once per model.
const computed = new WeakMap<ReportModel, ProblemImportance[]>();

function importanceOf(model: ReportModel): ProblemImportance[] {
  let importance = computed.get(model);
  if (importance === undefined) {
    const names = shortKeyNames(model.varied);
    importance = settingImportance(model, new Map(model.varied.map((key, i) => [key, names[i]])));
    computed.set(model, importance);
  }
  return importance;
}

export function showsImportance(model: ReportModel): boolean {
  return importanceOf(model).length > 0;
}

/** "lr explains 71 % of the variance of test_loss over 40 configurations, momentum 12 %, lr × momentum 9 %; 8 % is left to …" */
function sentence(model: ReportModel, importance: ProblemImportance): SafeHtml {
  const [first, ...others] = importance.shares.filter((s) => s.fraction >= 0.005).slice(0, 4);
  const over = `the variance of ${model.metric.name} over ${countOf(importance.configurations, 'configuration')}`;
  const rest = importance.method === 'grid' ? 'interactions of three or more settings' : 'interactions between settings';
  const remainder = importance.remainder >= 0.005 ? html`; ${percent(importance.remainder)} is left to ${rest}` : html``;
  if (first === undefined) return html`<p class="statement">No setting explains ${over}: it does not vary.</p>`;
  return html`<p class="statement importance-statement"><strong>${first.label}</strong> explains ${percent(first.fraction)} of ${over}${others.map(
    (share) => html`, ${share.label} ${percent(share.fraction)}`,
  )}${remainder}.</p>`;
}

function chart(importance: ProblemImportance, index: number): SafeHtml {
  const bars = importance.shares.slice(0, MAX_BARS).map((share) => ({ ...share, percent: 100 * share.fraction }));
  return renderPlot(`importance-${index}`, {
    width: 560,
    height: 36 + 24 * bars.length,
    marginLeft: marginForLabels(bars.map((b) => b.label)),
    x: { label: 'share of the variance (%) →', domain: [0, 100], grid: true },
    y: { label: null, domain: bars.map((b) => b.label) },
    color: { domain: ['main', 'interaction'], range: ['#0072B2', '#999999'] },
    marks: [
      Plot.barX(bars, { x: 'percent', y: 'label', fill: 'kind', title: (b: (typeof bars)[number]) => `${b.label}: ${b.percent.toFixed(1)} %` }),
      Plot.text(bars, { x: 'percent', y: 'label', text: (b: (typeof bars)[number]) => `${Math.round(b.percent)} %`, dx: 4, textAnchor: 'start' }),
      Plot.ruleX([0]),
    ],
    ariaLabel: `Share of the variance each setting explains: ${bars.map((b) => `${b.label} ${Math.round(b.percent)} %`).join(', ')}`,
  });
}

function notes(importance: ProblemImportance): SafeHtml {
  const parts: string[] = [];
  if (importance.worst > 0) parts.push(`${countOf(importance.worst, 'configuration')} where a replicate diverged or failed count as the worst value`);
  if (importance.fitted < importance.configurations) parts.push(`the forest was fitted on ${formatCount(importance.fitted)} of the ${formatCount(importance.configurations)} configurations, a sample seeded by the sweep's name`);
  if (importance.pruned > 0) parts.push(`${countOf(importance.pruned, 'pruned configuration')} left out (their metric is at a smaller budget)`);
  return parts.length === 0 ? html`` : html`<p class="note">${parts.join('; ')}.</p>`;
}

/**
 * Which settings explain the metric's variance (importance.ts): a sentence and a bar per setting (and, on a grid,
 * per pair of settings) for each problem.
 */
export function importanceView(model: ReportModel): SafeHtml {
  const problems = importanceOf(model);
  const method = problems.some((p) => p.method === 'forest')
    ? `On a sampled search there is no grid to decompose: a random forest (${FOREST_IMPORTANCE_DEFAULTS.trees} trees, seeded by the sweep's name, so the same runs give the same numbers) models the metric, and each tree's variance is decomposed (fANOVA, as Optuna's default importance); settings drawn on a log scale count in log10.`
    : 'The grid is complete, so the decomposition is exact (functional ANOVA of the configurations’ means, every grid value weighted alike): each setting’s main effect and each pair’s interaction.';
  return section({
    id: IMPORTANCE_SECTION_ID,
    title: 'Which settings matter',
    caption: `The share of the variance of the final ${model.metric.name} (mean over replicates) each setting explains. ${method} A share says how much the metric moves with a setting over the values the sweep tried, not which value is best.`,
    body: problems.map(
      (importance, index) => html`${importance.problem === '' ? html`` : html`<h3>${importance.problem}</h3>`}
${sentence(model, importance)}
${chart(importance, index)}
${notes(importance)}`,
    ),
  });
}
