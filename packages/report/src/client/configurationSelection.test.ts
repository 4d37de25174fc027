import { describe, expect, it } from 'vitest';
import { exploreData } from '../explore/exploreIsland.js';
import { sweepModel } from '../reportModel.js';
import { momentumSweepFixture } from '../testing/sampleSweeps.js';
import type { ReportRun } from '../types.js';
import { selectedConfigurations, togglePickedConfiguration } from './configurationSelection.js';
import { createSelectionStore, EMPTY_SELECTION, METRIC_AXIS, withFilter } from './selection.js';

// Expected configurations come from the run records (their config), matched to the island's by label values.
const input = momentumSweepFixture();
const data = exploreData(sweepModel(input));
const lr = (run: ReportRun) => Number(run.record.config.optimizer.lr);
/** The island's configuration of a record: the one whose values are the record's lr, momentum and batch size. */
function configurationOf(run: ReportRun): number {
  const { optimizer, train } = run.record.config;
  const wanted = [optimizer.lr, optimizer.momentum, train.batch_size].map(Number);
  return data.configurations.findIndex((configuration) => configuration.values.every((value, i) => value === wanted[i]));
}
const configurationsWhere = (test: (run: ReportRun) => boolean) => [...new Set(input.runs.filter(test).map(configurationOf))].sort((a, b) => a - b);
const indicesOf = (selected: boolean[]) => selected.flatMap((isIn, i) => (isIn ? [i] : []));

describe('the selection by configuration', () => {
  it('holds every configuration when nothing is selected', () => {
    expect(data.configurations).toHaveLength(12);
    expect(indicesOf(selectedConfigurations(data, EMPTY_SELECTION))).toHaveLength(12);
  });

  it('holds the configurations with a selected run', () => {
    const selection = withFilter(EMPTY_SELECTION, 'optimizer.lr', { kind: 'range', min: 0.05, max: 2, missing: false });
    const expected = configurationsWhere((run) => lr(run) >= 0.05);
    expect(expected).toHaveLength(8);
    expect(indicesOf(selectedConfigurations(data, selection))).toEqual(expected);
  });

  it('holds a configuration when only some of its runs are selected (a metric brush that leaves out a diverged replicate)', () => {
    // lr = 1 without momentum at batch 8 diverged in one replicate of three: a brush on finite metrics keeps the other two.
    const selection = withFilter(EMPTY_SELECTION, METRIC_AXIS, { kind: 'range', min: 0, max: 10, missing: false });
    const expected = configurationsWhere((run) => Number.isFinite(run.record.summary.finalMetric));
    expect(expected).toContain(configurationsWhere((run) => lr(run) === 1 && run.record.config.optimizer.momentum === 0 && run.record.config.train.batch_size === 8)[0]);
    expect(indicesOf(selectedConfigurations(data, selection))).toEqual(expected);
  });

  it('toggles a picked configuration, keeping the brushes', () => {
    const brushed = withFilter(EMPTY_SELECTION, 'optimizer.lr', { kind: 'range', min: 0.05, max: 2, missing: false });
    const store = createSelectionStore(brushed);
    const sources: string[] = [];
    store.subscribe((_, source) => sources.push(source));
    togglePickedConfiguration(store, 3, 'heatmap');
    expect(store.get()).toEqual({ ...brushed, configuration: 3 });
    togglePickedConfiguration(store, 5, 'heatmap');
    expect(store.get().configuration).toBe(5);
    togglePickedConfiguration(store, 5, 'heatmap');
    expect(store.get()).toEqual(brushed);
    expect(sources).toEqual(['heatmap', 'heatmap', 'heatmap']);
  });
});
