import * as Plot from '@observablehq/plot';
import { formatNumber } from '../format.js';
import { OKABE_ITO } from '../palette.js';
import { spansDecades } from '../statistics.js';
import type { ExploreCurves } from './exploreData.js';
import { groupCurve, type RunSeries } from './groupCurves.js';

/**
 * Groups of runs' curves as a mean line and a min–max band each (groupCurve), coloured in the groups' order,
 * with a tip on the line under the pointer. The learning curves (curves.ts) and the configuration diff
 * (runDiff.ts) draw with it; the bands are `g.curve-band`, the lines `g.curve-mean`.
 */

export interface BandGroup {
  label: string;
  /** Indices into the island's runs. */
  runs: readonly number[];
}

export interface BandChartOptions {
  height: number;
  ariaLabel: string;
  ariaDescription: string;
  /** Plot's colour legend under the chart (the learning curves draw a key of their own, whose entries select). */
  legend: boolean;
}

/** A point of a drawn curve, with its group's label for colour and tip. */
interface DrawnPoint {
  label: string;
  x: number;
  mean: number;
  low: number;
  high: number;
  runs: number;
}

export function bandChart(curves: ExploreCurves, series: readonly RunSeries[], groups: readonly BandGroup[], options: BandChartOptions): SVGSVGElement | HTMLElement {
  const labels = groups.map((entry) => entry.label);
  const points: DrawnPoint[] = groups.flatMap((entry) => groupCurve(series, entry.runs).map((point) => ({ label: entry.label, ...point })));
  const logY = points.every((point) => point.low > 0) && spansDecades(points.flatMap((point) => [point.low, point.high]));
  return Plot.plot({
    width: 760,
    height: options.height,
    marginLeft: 60,
    ariaLabel: options.ariaLabel,
    ariaDescription: options.ariaDescription,
    x: { label: `${curves.axisLabel} →` },
    y: { label: `↓ ${curves.title}${logY ? ' (log scale)' : ''}`, type: logY ? 'log' : 'linear', grid: true, tickFormat: logY ? '~g' : undefined },
    color: { type: 'ordinal', domain: labels, range: [...OKABE_ITO], legend: options.legend },
    marks: [
      Plot.areaY(points, { x: 'x', y1: 'low', y2: 'high', z: 'label', fill: 'label', fillOpacity: 0.15, className: 'curve-band' }),
      Plot.lineY(points, { x: 'x', y: 'mean', z: 'label', stroke: 'label', strokeWidth: 1.8, className: 'curve-mean' }),
      Plot.tip(
        points,
        Plot.pointer({
          x: 'x',
          y: 'mean',
          maxRadius: 30,
          title: (point: DrawnPoint) =>
            [point.label, `${curves.axisLabel} ${formatNumber(point.x)}`, `${curves.title} ${formatNumber(point.mean)} (min–max ${formatNumber(point.low)}–${formatNumber(point.high)}, ${point.runs} runs)`].join('\n'),
        }),
      ),
    ],
  });
}
