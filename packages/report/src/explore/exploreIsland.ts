import { configLeaves, variedValue } from '@descent/sweep';
import type { SafeHtml } from '../_html.js';
import { packSeries } from '../client/curveCodec.js';
import { decodeExploreWire, encodeExploreWire, type ExploreWire } from '../client/exploreWire.js';
import { packedScript, readPackedScript } from './packScript.js';
import { EXPLORE_DATA_ID, EXPLORE_DATA_VERSION, type ExploreConfig, type ExploreCurves, type ExploreData, type ExploreSetting } from '../client/exploreData.js';
import { compareConfigValues, formatConfigValue, shortKeyNames, type Configuration, type ConfigValue } from '../configurations.js';
import { availableAxes, CURVE_AXIS_LABELS, runCurve, type CurveAxis, type CurveQuantity } from '../curves.js';
import { CHART_CURVE_POINTS, minMaxDownsample } from '../downsample.js';
import type { ReportModel } from '../reportModel.js';
import { wantsLogAxis } from '../searchSettings.js';
import { spansDecades } from '../statistics.js';

/** A metric value for the island: null unless a finite number (JSON has no NaN or Infinity). */
function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The island's model of a report: one entry per run, one axis per setting the sweep varied on its own. */
export function exploreData(model: ReportModel): ExploreData {
  const names = shortKeyNames(model.varied);
  const columns = model.labelKeys.map((key) => {
    const index = model.varied.indexOf(key);
    const values = model.configurations.map((configuration) => configuration.values[index]);
    const numeric = values.length > 0 && values.every((value): value is number => typeof value === 'number');
    const categories = numeric ? [] : distinctInOrder(values).map(formatConfigValue);
    const setting: ExploreSetting = {
      key,
      name: names[index],
      kind: numeric ? 'numeric' : 'categorical',
      log: numeric && wantsLogAxis(values as number[]),
      categories,
    };
    return { setting, index };
  });
  const curves = curveChoice(model);
  const config = configKeys(model);
  const packedCurves = model.configurations.map((configuration) => packedConfigurationCurves(configuration, curves));
  const configurations = model.configurations.map((configuration, configurationIndex) => ({
    label: configuration.label,
    config: config.perConfiguration[configurationIndex],
    curveX: packedCurves[configurationIndex].x,
    values: columns.map(({ setting, index }) => {
      const value = configuration.values[index];
      return setting.kind === 'numeric' ? (value as number) : setting.categories.indexOf(formatConfigValue(value));
    }),
  }));
  const runs = model.configurations.flatMap((configuration, configurationIndex) =>
    configuration.runs.map(({ record }, runIndex) => ({
      id: record.runId,
      configuration: configurationIndex,
      replicate: record.replicate,
      status: record.status,
      final: finiteOrNull(record.summary.finalMetric),
      curve: packedCurves[configurationIndex].runs[runIndex],
    })),
  );
  const finals = runs.flatMap((run) => (run.final === null ? [] : [run.final]));
  return {
    version: EXPLORE_DATA_VERSION,
    // The same rule as the report's other metric axes (a spread of two decades).
    metric: { name: model.metric.name, goal: model.metric.goal, log: spansDecades(finals) },
    settings: columns.map(({ setting }) => setting),
    configurations,
    runs,
    curves,
    config: config.island,
  };
}

/** The most points a curve keeps in the island: what a chart draws (the static charts too), and 1,000 runs stay small. */
export const ISLAND_CURVE_POINTS = CHART_CURVE_POINTS;

const CURVE_TITLES: Record<string, string> = {
  loss: 'training loss (whole training set)',
  test_loss: 'test loss',
  validation_loss: 'validation loss',
};

/**
 * The curve the island carries: the loss of the sweep's metric (test loss for test_loss or test_accuracy,
 * validation loss likewise, else the training loss; f(x, y) on landscapes) on the examples axis, as the
 * learning-curves view draws it, or on the first axis the runs have.
 */
function curveChoice(model: ReportModel): ExploreCurves | null {
  const metricLoss: CurveQuantity = model.metric.name.startsWith('test_') ? 'test_loss' : model.metric.name.startsWith('validation_') ? 'validation_loss' : 'loss';
  const quantity = availableAxes(model.runs, metricLoss).length > 0 ? metricLoss : 'loss';
  const axes = availableAxes(model.runs, quantity);
  if (axes.length === 0) return null;
  const axis = axes.includes('examples') ? 'examples' : axes[0];
  const landscapesOnly = model.problems.every((group) => group.kind === 'landscape');
  return {
    quantity,
    title: quantity === 'loss' && landscapesOnly ? 'loss f(x, y)' : CURVE_TITLES[quantity],
    axis,
    axisLabel: CURVE_AXIS_LABELS[axis],
    maxPoints: ISLAND_CURVE_POINTS,
  };
}

/**
 * One configuration's curves, aligned by step as `meanCurve` aligns them (x = the replicates' mean x at a
 * step), downsampled once for all its replicates (min–max per bucket over the band), packed.
 */
function packedConfigurationCurves(configuration: Configuration, curves: ExploreCurves | null): { x: string; runs: string[] } {
  if (curves === null) return { x: '', runs: configuration.runs.map(() => '') };
  const series = configuration.runs.map((run) => runCurve(run, curves.quantity as CurveQuantity, curves.axis as CurveAxis));
  const steps = [...new Set(series.flatMap((points) => points.map((point) => point.step)))].sort((a, b) => a - b);
  const column = new Map(steps.map((step, i) => [step, i] as const));
  const xs = steps.map(() => [] as number[]);
  const values = series.map((points) => {
    const row: (number | null)[] = steps.map(() => null);
    for (const point of points) {
      const i = column.get(point.step)!;
      xs[i].push(point.x);
      if (Number.isFinite(point.value)) row[i] = point.value;
    }
    return row;
  });
  // The band over the replicates at each step (±Infinity where none is finite), in one pass: a list of the
  // finite values per step and per configuration was most of the island's time in a 2,000-run report.
  const low = steps.map(() => Infinity);
  const high = steps.map(() => -Infinity);
  for (const row of values) {
    row.forEach((value, i) => {
      if (value === null) return;
      if (value < low[i]) low[i] = value;
      if (value > high[i]) high[i] = value;
    });
  }
  const kept = minMaxDownsample(low, high, ISLAND_CURVE_POINTS);
  const meanX = (i: number) => xs[i].reduce((sum, x) => sum + x, 0) / xs[i].length;
  return {
    x: packSeries(kept.map(meanX)),
    runs: values.map((row) => {
      const picked = kept.map((i) => row[i]);
      // A run that stopped early (diverged, pruned) leaves no trailing gaps.
      while (picked.length > 0 && picked[picked.length - 1] === null) picked.pop();
      return packSeries(picked);
    }),
  };
}

/**
 * Every config key for the run diff: the runs' config leaves as the report writes values; a key with one
 * value across all runs is written once, the others once per configuration (its first run's value: the
 * replicates of a configuration share their config).
 */
function configKeys(model: ReportModel): { island: ExploreConfig; perConfiguration: string[][] } {
  const keySet = new Set<string>();
  for (const run of model.runs) for (const key of configLeaves(run.record.config).keys()) keySet.add(key);
  const keys = [...keySet].sort();
  const valueOf = (configuration: Configuration, key: string) => formatConfigValue(variedValue(configuration.runs[0].record.config, key));
  const shared = keys.map((key) => {
    const values = new Set(model.configurations.map((configuration) => valueOf(configuration, key)));
    return values.size === 1 ? [...values][0] : null;
  });
  const differing = keys.filter((_, i) => shared[i] === null);
  return {
    island: { keys, shared },
    perConfiguration: model.configurations.map((configuration) => differing.map((key) => valueOf(configuration, key))),
  };
}

/** One key's distinct values in the report's value order (numbers numerically, text by code points, absent last). */
function distinctInOrder(values: readonly ConfigValue[]): ConfigValue[] {
  const distinct = new Map(values.map((value) => [JSON.stringify(value), value] as const));
  return [...distinct.values()].sort(compareConfigValues);
}

/** The island element: `<script id="explore-data">`, in columns (exploreWire.ts) and packed (packScript.ts), inert until the client reads it. */
export function exploreIsland(model: ReportModel): SafeHtml {
  return packedScript(EXPLORE_DATA_ID, encodeExploreWire(exploreData(model)));
}

/** The island of a rendered page, as the page script reads it. */
export function readExploreIsland(markup: string): ExploreData {
  return decodeExploreWire(readPackedScript(markup, EXPLORE_DATA_ID) as ExploreWire);
}
