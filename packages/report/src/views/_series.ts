import type { ScaleOptions } from '@observablehq/plot';
import { html, type SafeHtml } from '../_html.js';
import type { Configuration } from '../configurations.js';
import { MAX_COLOURED_SERIES, OKABE_ITO } from '../palette.js';
import type { ReportModel } from '../reportModel.js';

/**
 * Which configurations a chart draws: all of them when they fit the palette, otherwise the best
 * `limit` by the sweep metric. Returned in value order, so colours follow the values (lr ascending...).
 */
export function chartConfigurations(
  model: ReportModel,
  candidates: readonly Configuration[],
  limit = MAX_COLOURED_SERIES,
): { shown: Configuration[]; hidden: number } {
  if (candidates.length <= limit) return { shown: [...candidates], hidden: 0 };
  const keys = new Set(candidates.map((configuration) => configuration.key));
  // The first `limit` of the ranking among the candidates: stop there (a 100,000-configuration ranking is long).
  const best = new Set<string>();
  for (const result of model.ranked) {
    if (best.size === limit) break;
    if (keys.has(result.configuration.key)) best.add(result.configuration.key);
  }
  return {
    shown: candidates.filter((configuration) => best.has(configuration.key)),
    hidden: candidates.length - best.size,
  };
}

/** The note under a chart that shows only the best configurations. */
export function hiddenNote(model: ReportModel, shown: number, hidden: number): SafeHtml {
  if (hidden === 0) return html``;
  return html`<p class="note">Showing the ${shown} best of ${shown + hidden} configurations by final ${model.metric.name}, so each keeps a distinct colour; every run is in the table of runs.</p>`;
}

/** An ordinal colour scale over series labels in the Okabe–Ito palette, with a swatch legend unless there is one series only. */
export function seriesColour(labels: readonly string[], legend = true): ScaleOptions {
  return { type: 'ordinal', domain: [...labels], range: [...OKABE_ITO], legend: legend && labels.length > 1 };
}

/**
 * The colour key of several charts that share one series colouring (train and test loss side by side),
 * as HTML: it wraps long labels, which Plot's legend cannot, and is written once for the row of charts.
 */
export function seriesKey(labels: readonly string[]): SafeHtml {
  if (labels.length <= 1) return html``;
  return html`<div class="key series-key" aria-label="Series">${labels.map(
    (label, i) => html`<span><span class="line-swatch" style="background:${OKABE_ITO[i % OKABE_ITO.length]}"></span>${label}</span>`,
  )}</div>`;
}
