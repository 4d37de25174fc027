import * as Plot from '@observablehq/plot';
import { belowCeiling, cutDomain, DIVERGENCE_CEILING, divergenceCeiling, heldOffChart } from '../divergenceCeiling.js';
import { formatNumber } from '../format.js';
import { OKABE_ITO } from '../palette.js';
import { LOG_TICK_FORMAT } from '../plotLayout.js';
import { spansDecades } from '../statistics.js';
import { STATUS_SYMBOL } from '../statusMarks.js';
import type { ExploreCurves, ExploreData } from './exploreData.js';
import { groupCurve, type RunSeries } from './groupCurves.js';

/**
 * Groups of runs' curves as a mean line and a min–max band each (groupCurve), coloured in the groups' order,
 * with a tip on the line under the pointer. Cut at the top as the static charts are (divergenceCeiling.ts), with a
 * ✕ where a diverged run's curve ends (✂ a pruned one's). The learning curves (curves.ts) and the configuration
 * diff (runDiff.ts) draw with it; the bands are `g.curve-band`, the lines `g.curve-mean`, the ends `g.curve-end`.
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

/** A point of a drawn curve, with its group's label for colour and tip (which tells mean, low and high as computed). */
interface DrawnPoint {
  label: string;
  x: number;
  mean: number;
  low: number;
  high: number;
  runs: number;
  /** Where the chart places them when cut: the band's top at the ceiling, the line and the band's bottom at most far off the top. */
  shown: { mean: number; low: number; top: number };
}

export interface BandChart {
  chart: SVGSVGElement | HTMLElement;
  /** What the chart's caption should add: the cut and the end marks, when there are any. */
  notes: string[];
}

export function bandChart(data: ExploreData, series: readonly RunSeries[], groups: readonly BandGroup[], options: BandChartOptions): BandChart {
  const curves: ExploreCurves = data.curves!;
  const labels = groups.map((entry) => entry.label);
  const curvePoints = groups.flatMap((entry) => groupCurve(series, entry.runs).map((point) => ({ label: entry.label, ...point })));
  const ceiling = divergenceCeiling(curvePoints);
  const points: DrawnPoint[] = curvePoints.map((point) => ({
    ...point,
    shown: { mean: heldOffChart(point.mean, ceiling), low: heldOffChart(point.low, ceiling), top: belowCeiling(point.high, ceiling) },
  }));
  const logY = points.every((point) => point.low > 0) && spansDecades(points.flatMap((point) => [point.low, point.shown.top]));
  const domain = cutDomain(points, ceiling, logY);
  const ends = curveEnds(data, series, groups, ceiling);
  const notes: string[] = [];
  if (ceiling !== null) notes.push(`A loss above ${DIVERGENCE_CEILING}× the highest starting loss is cut at the top edge.`);
  if (ends.some((end) => end.symbol === STATUS_SYMBOL.diverged)) notes.push(`${STATUS_SYMBOL.diverged} marks where a diverged run's curve ends.`);
  if (ends.some((end) => end.symbol === STATUS_SYMBOL.pruned)) notes.push(`${STATUS_SYMBOL.pruned} marks where a pruned run stopped.`);
  const chart = Plot.plot({
    width: 760,
    height: options.height,
    marginLeft: 60,
    marginTop: 28,
    ariaLabel: options.ariaLabel,
    ariaDescription: options.ariaDescription,
    x: { label: `${curves.axisLabel} →` },
    y: {
      label: `↓ ${curves.title}${logY ? ' (log scale)' : ''}${ceiling === null ? '' : ', cut at the top'}`,
      type: logY ? 'log' : 'linear',
      grid: true,
      tickFormat: logY ? LOG_TICK_FORMAT : undefined,
      ...(domain === null ? {} : { domain }),
    },
    color: { type: 'ordinal', domain: labels, range: [...OKABE_ITO], legend: options.legend },
    marks: [
      Plot.areaY(points, { x: 'x', y1: (point: DrawnPoint) => point.shown.low, y2: (point: DrawnPoint) => point.shown.top, z: 'label', fill: 'label', fillOpacity: 0.15, className: 'curve-band', clip: true }),
      Plot.lineY(points, { x: 'x', y: (point: DrawnPoint) => point.shown.mean, z: 'label', stroke: 'label', strokeWidth: 1.8, className: 'curve-mean', clip: true }),
      Plot.text(ends, { x: 'x', y: 'value', text: 'symbol', fill: 'label', fontSize: 14, fontWeight: 'bold', className: 'curve-end' }),
      Plot.tip(
        points,
        Plot.pointer({
          x: 'x',
          y: (point: DrawnPoint) => point.shown.mean,
          maxRadius: 30,
          title: (point: DrawnPoint) =>
            [point.label, `${curves.axisLabel} ${formatNumber(point.x)}`, `${curves.title} ${formatNumber(point.mean)} (min–max ${formatNumber(point.low)}–${formatNumber(point.high)}, ${point.runs} runs)`].join('\n'),
        }),
      ),
    ],
  });
  return { chart, notes };
}

/** Where each drawn diverged or pruned run's curve ends (held at the ceiling when cut), with its status's symbol. */
function curveEnds(data: ExploreData, series: readonly RunSeries[], groups: readonly BandGroup[], ceiling: number | null): { label: string; x: number; value: number; symbol: string }[] {
  return groups.flatMap((entry) =>
    entry.runs.flatMap((run) => {
      const { status } = data.runs[run];
      const { x, y } = series[run];
      if ((status !== 'diverged' && status !== 'pruned') || x.length === 0) return [];
      return [{ label: entry.label, x: x[x.length - 1], value: belowCeiling(y[y.length - 1], ceiling), symbol: STATUS_SYMBOL[status] }];
    }),
  );
}
