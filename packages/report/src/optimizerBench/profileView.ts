import * as Plot from '@observablehq/plot';
import type { OptimizerBenchSummary } from '@descent/runner';
import { html, type SafeHtml } from '../_html.js';
import { renderPlot } from '../_plot.js';
import { formatNumber } from '../format.js';
import { section } from '../page.js';
import { rankedOptimizers, someoneReached, type RankedOptimizer } from './_benchOptimizers.js';

export const PROFILE_SECTION_ID = 'profile';

const CANDIDATE_WIDTH = 3;
const BASELINE_WIDTH = 1.4;
const BASELINE_OPACITY = 0.55;

/** The legend label: the name and the area score the ranking is by. */
export function profileLabel(optimizer: RankedOptimizer): string {
  return `${optimizer.name} · score ${formatNumber(optimizer.score, 3)}`;
}

/**
 * The legend as HTML, ranked by score (Plot's legend cannot wrap long plugin names, nor mark candidates).
 * A baseline whose colour repeats an earlier one's (more baselines than colours) is dashed, here and in the chart.
 */
function profileKey(ranked: readonly RankedOptimizer[], dashed: ReadonlySet<string>): SafeHtml {
  return html`<ol class="key series-key profile-key" aria-label="Optimizers by score">${ranked.map(
    (optimizer) => html`<li class="${optimizer.role}" data-optimizer="${optimizer.name}"><span class="line-swatch" style="background:${optimizer.colour};${
      optimizer.role === 'baseline' ? `opacity:${BASELINE_OPACITY};` : ''
    }${dashed.has(optimizer.name) ? 'background:repeating-linear-gradient(90deg,' + optimizer.colour + ' 0 4px,transparent 4px 7px);' : ''}"></span>${
      optimizer.role === 'candidate' ? html`<strong>${profileLabel(optimizer)}</strong>` : profileLabel(optimizer)
    }</li>`,
  )}</ol>`;
}

/** Baselines drawn in a colour an earlier baseline already has: dashed so the two stay apart. */
function repeatedColours(ranked: readonly RankedOptimizer[], summary: OptimizerBenchSummary): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const name of summary.baselines) {
    const colour = ranked.find((optimizer) => optimizer.name === name)!.colour;
    if (seen.has(colour)) repeated.add(name);
    seen.add(colour);
  }
  return repeated;
}

/**
 * Performance profiles (Dolan & Moré 2002, as AlgoPerf scores them): per optimizer, ρ(τ) = the fraction of
 * workloads it reaches within τ times the fastest optimizer's time there, as a step line. Candidates are
 * drawn thick and on top, baselines thin and muted.
 */
export function profileView(summary: OptimizerBenchSummary): SafeHtml {
  const ranked = rankedOptimizers(summary);
  const dashed = repeatedColours(ranked, summary);
  const rows = ranked.flatMap((optimizer) =>
    summary.tau.map((tau, i) => ({ optimizer: optimizer.name, role: optimizer.role, tau, rho: optimizer.rho[i] ?? 0 })),
  );
  const line = (keep: (row: (typeof rows)[number]) => boolean, options: Plot.LineYOptions) =>
    Plot.lineY(rows.filter(keep), { x: 'tau', y: 'rho', z: 'optimizer', stroke: 'optimizer', title: 'optimizer', curve: 'step-after', ...options });
  // Drawn bottom to top: baselines, dashed baselines, then candidates, so a candidate is never hidden under a baseline.
  const chart = renderPlot('bench-profile', {
    width: 760,
    height: 400,
    marginLeft: 56,
    marginTop: 28,
    x: { label: 'τ (time to target ÷ the fastest optimizer’s) →', domain: [summary.tau[0] ?? 1, summary.tau[summary.tau.length - 1] ?? 4], grid: true },
    y: { label: '↑ ρ(τ): fraction of workloads reached', domain: [0, 1], grid: true },
    color: { type: 'ordinal', domain: ranked.map((o) => o.name), range: ranked.map((o) => o.colour), legend: false },
    marks: [
      line((row) => row.role === 'baseline' && !dashed.has(row.optimizer), { strokeWidth: BASELINE_WIDTH, strokeOpacity: BASELINE_OPACITY }),
      line((row) => dashed.has(row.optimizer), { strokeWidth: BASELINE_WIDTH, strokeOpacity: BASELINE_OPACITY, strokeDasharray: '4,3' }),
      line((row) => row.role === 'candidate', { strokeWidth: CANDIDATE_WIDTH }),
    ],
  });
  const unreached = summary.workloads.filter((workload) => !someoneReached(summary, workload.id)).length;
  return section({
    id: PROFILE_SECTION_ID,
    title: 'Performance profile',
    caption: `A line higher and further left is better: the fraction of workloads an optimizer reaches within τ times the fastest time (in ${summary.timeAxis}). The score is the area under the line, scaled to 0–1; candidates are drawn thick.`,
    body: html`${profileKey(ranked, dashed)}${chart}${
      unreached > 0 ? html`<p class="note">${unreached} of ${summary.workloads.length} workloads were reached by no optimizer; see the table.</p>` : html``
    }`,
  });
}
