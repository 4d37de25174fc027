import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { trustedHtml, type SafeHtml } from './_html.js';
import { simplifyPath } from './simplifyPath.js';

// One server-side document for every chart: Plot only creates elements in it, nothing is attached.
const { document: serverDocument } = parseHTML('<!doctype html><html><head></head><body></body></html>');

// The layout rules the page script shares (no DOM, no Node): re-exported so server views keep one import.
export { LOG_TICK_FORMAT, marginForLabels } from './plotLayout.js';

/**
 * Render a Plot chart to an HTML string (an <svg>, or a <figure> around it when there is a legend).
 *
 * Trap: Plot numbers clip paths, patterns and markers from process-wide counters (`plot-clip-7`), so the
 * same chart rendered twice would differ and two reports' ids would depend on render order. The ids are
 * renamed here after the chart (`<chartId>-clip-1`), which makes the output a pure function of the input.
 */
export function renderPlot(chartId: string, options: Plot.PlotOptions): SafeHtml {
  // The id lands in attributes unescaped; it is built by views from fixed words and indices, never from data.
  if (!/^[a-z0-9-]+$/.test(chartId)) throw new Error(`chart id '${chartId}' must be lowercase letters, digits and '-'`);
  const chart = Plot.plot({ ...options, document: serverDocument as never });
  const markup = (chart as unknown as { outerHTML: string }).outerHTML;
  const renamed = new Map<string, string>();
  const deterministic = markup.replace(/plot-(clip|pattern|marker)-\d+/g, (id, kind: string) => {
    let name = renamed.get(id);
    if (name === undefined) {
      name = `${chartId}-${kind}-${renamed.size + 1}`;
      renamed.set(id, name);
    }
    return name;
  });
  return trustedHtml(`<div class="chart" data-chart="${chartId}">${roundCoordinates(simplifyPaths(deterministic))}</div>`);
}

/**
 * How far (px) a simplified line may stray from the one Plot drew: under a third of a line's 1.5 px stroke, and
 * half a device pixel on a 2x screen. A 1,000-run report's learning curves were 270 KB of vertices before.
 */
export const PATH_TOLERANCE_PX = 0.25;

/** Every path's vertices that no screen would show dropped (simplifyPath.ts). */
export function simplifyPaths(svg: string): string {
  return svg.replace(/\sd="([^"]*)"/g, (attribute, d: string) => {
    const simplified = simplifyPath(d, PATH_TOLERANCE_PX);
    return simplified === d ? attribute : ` d="${simplified}"`;
  });
}

/** The SVG attributes that hold positions and sizes in pixels (Plot writes them with every digit of a double). */
const GEOMETRY_ATTRIBUTE = /\s(?:x|y|x1|x2|y1|y2|cx|cy|r|dx|dy|width|height|transform|d|points)="[^"]*"/g;
const LONG_DECIMAL = /\d+\.\d{2,}/g;

/**
 * Pixel positions rounded to 0.1 px (`cy="55.54905720780867"` → `cy="55.5"`): a tenth of a pixel is invisible
 * at the zoom a screen uses (anti-aliasing spreads an edge over a whole pixel), and the digits were a third of a
 * large report's SVG (0.1 rather than 0.01 px: 15 KB less at 1,000 runs). Only geometry
 * attributes are touched: text, titles and data attributes keep their exact numbers.
 */
export function roundCoordinates(svg: string): string {
  return svg
    .replace(GEOMETRY_ATTRIBUTE, (attribute) => attribute.replace(LONG_DECIMAL, (digits) => String(Math.round(Number(digits) * 10) / 10)))
    // linkedom writes `<circle … />`; the slash must stay (SVG in HTML), the space need not: a byte per mark.
    .replace(/" \/>/g, '"/>');
}

/**
 * A render transform that writes `attribute` on each element a mark draws (its rects, texts, circles or
 * paths), with the value for that element's datum (none where it is null): how the page's script finds the configuration behind a
 * heatmap cell. Plot draws one element per index entry, in index order, facet by facet; anything else is a
 * trap this throws on rather than mislabel elements.
 */
export function tagEachElement(attribute: string, valueOf: (datumIndex: number) => string | null): Plot.RenderFunction {
  if (!/^data-[a-z-]+$/.test(attribute)) throw new Error(`attribute '${attribute}' must be a data-* name`);
  return (index, scales, values, dimensions, context, next) => {
    const group = next!(index, scales, values, dimensions, context);
    if (group === null) return group;
    const elements = [...group.querySelectorAll('rect, text, circle, path')];
    if (elements.length !== index.length) {
      throw new Error(`tagEachElement: the mark drew ${elements.length} elements for ${index.length} data; expected one each`);
    }
    elements.forEach((element, j) => {
      const value = valueOf(index[j]);
      if (value !== null) element.setAttribute(attribute, value);
    });
    return group;
  };
}

