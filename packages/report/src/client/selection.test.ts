import { describe, expect, it } from 'vitest';
import { exploreData } from '../explore/exploreIsland.js';
import { sweepModel } from '../reportModel.js';
import { makeReportRun, makeSweepInput } from '../testing/fixtures.js';
import { momentumSweepFixture } from '../testing/sampleSweeps.js';
import type { ReportRun } from '../types.js';
import { createSelectionStore, describeSelection, EMPTY_SELECTION, isEmpty, METRIC_AXIS, selectedRuns, withFilter, type Selection } from './selection.js';

// Expected selections are computed from the run records themselves (config and summary), not from the island.
const input = momentumSweepFixture();
const data = exploreData(sweepModel(input));
const selectedIds = (selection: Selection) => data.runs.filter((_, i) => selectedRuns(data, selection)[i]).map((run) => run.id).sort();
/** A record's numeric hyperparameter. */
const lr = (run: ReportRun) => Number(run.record.config.optimizer.lr);
const momentum = (run: ReportRun) => Number(run.record.config.optimizer.momentum);
const idsWhere = (runs: readonly ReportRun[], test: (run: ReportRun) => boolean) => runs.filter(test).map((run) => run.record.runId).sort();

describe('which runs a selection keeps', () => {
  it('keeps every run when nothing is selected', () => {
    expect(isEmpty(EMPTY_SELECTION)).toBe(true);
    expect(selectedIds(EMPTY_SELECTION)).toHaveLength(36);
  });

  it('keeps the runs whose value lies in a brushed range, ends included', () => {
    const selection = withFilter(EMPTY_SELECTION, 'optimizer.lr', { kind: 'range', min: 0.01, max: 0.1, missing: false });
    const expected = idsWhere(input.runs, (run) => lr(run) >= 0.01 && lr(run) <= 0.1);
    expect(expected).toHaveLength(24);
    expect(selectedIds(selection)).toEqual(expected);
  });

  it('ANDs the brushes of several axes, and a picked configuration', () => {
    let selection = withFilter(EMPTY_SELECTION, 'optimizer.lr', { kind: 'range', min: 0.05, max: 2, missing: false });
    selection = withFilter(selection, 'optimizer.momentum', { kind: 'range', min: 0.5, max: 1, missing: false });
    const expected = idsWhere(input.runs, (run) => lr(run) >= 0.05 && momentum(run) >= 0.5);
    expect(expected).toHaveLength(12);
    expect(selectedIds(selection)).toEqual(expected);
    const picked = data.runs.find((run) => run.id === expected[0])!.configuration;
    const pickedRecord = input.runs.find((run) => run.record.runId === expected[0])!.record;
    const sameConfiguration = idsWhere(input.runs, ({ record }) =>
      ['lr', 'momentum'].every((key) => record.config.optimizer[key as 'lr'] === pickedRecord.config.optimizer[key as 'lr']) &&
      record.config.train.batch_size === pickedRecord.config.train.batch_size,
    );
    expect(sameConfiguration).toHaveLength(3);
    expect(selectedIds({ ...selection, configuration: picked })).toEqual(sameConfiguration);
    // Removing a brush widens the selection again.
    expect(selectedIds(withFilter(selection, 'optimizer.momentum', null))).toEqual(
      idsWhere(input.runs, (run) => lr(run) >= 0.05),
    );
  });

  it('on the metric axis, keeps runs without a finite metric only when the brush covers "no value"', () => {
    const range = { kind: 'range' as const, min: 0, max: 0.1, missing: false };
    const finiteIn = ({ record }: ReportRun) => Number.isFinite(record.summary.finalMetric) && record.summary.finalMetric <= 0.1;
    expect(selectedIds(withFilter(EMPTY_SELECTION, METRIC_AXIS, range))).toEqual(idsWhere(input.runs, finiteIn));
    const withMissing = selectedIds(withFilter(EMPTY_SELECTION, METRIC_AXIS, { ...range, missing: true }));
    expect(withMissing).toEqual(idsWhere(input.runs, (run) => finiteIn(run) || !Number.isFinite(run.record.summary.finalMetric)));
    expect(withMissing.length - selectedIds(withFilter(EMPTY_SELECTION, METRIC_AXIS, range)).length).toBe(8);
  });

  it('keeps the brushed categories of a categorical axis', () => {
    const runs = ['sgd', 'adam', 'lion'].flatMap((optimizer) => [0, 1].map((replicate) => makeReportRun({ optimizer, replicate })));
    const named = exploreData(sweepModel(makeSweepInput({ varied: ['optimizer.name'], runs })));
    const selection = withFilter(EMPTY_SELECTION, 'optimizer.name', { kind: 'categories', values: ['adam', 'lion'] });
    const kept = named.runs.filter((_, i) => selectedRuns(named, selection)[i]).map((run) => run.id).sort();
    expect(kept).toEqual(idsWhere(runs, ({ record }) => record.config.optimizer.name !== 'sgd'));
  });

  it('ignores a brush on an axis the report does not have (a link from another sweep)', () => {
    expect(selectedIds(withFilter(EMPTY_SELECTION, 'optimizer.beta1', { kind: 'range', min: 0, max: 0, missing: false }))).toHaveLength(36);
  });
});

describe('the selection in words, and its store', () => {
  it('names each brushed axis in axis order, then the picked configuration', () => {
    let selection = withFilter(EMPTY_SELECTION, 'optimizer.momentum', { kind: 'range', min: 0.5, max: 0.9, missing: false });
    selection = withFilter(selection, 'optimizer.lr', { kind: 'range', min: 0.01, max: 0.1, missing: false });
    expect(describeSelection(data, selection)).toBe('lr 0.01–0.1, momentum 0.5–0.9');
    selection = withFilter(selection, METRIC_AXIS, { kind: 'range', min: Infinity, max: -Infinity, missing: true });
    expect(describeSelection(data, { ...selection, configuration: 0 })).toBe(
      `lr 0.01–0.1, momentum 0.5–0.9, train_loss no value, configuration ${data.configurations[0].label}`,
    );
  });

  it('writes an open end (typed empty) as a bound', () => {
    const open = (min: number, max: number) => withFilter(EMPTY_SELECTION, 'optimizer.lr', { kind: 'range', min, max, missing: false });
    expect(describeSelection(data, open(-Infinity, 0.1))).toBe('lr ≤ 0.1');
    expect(describeSelection(data, open(0.01, Infinity))).toBe('lr ≥ 0.01');
    expect(describeSelection(data, open(-Infinity, Infinity))).toBe('lr any value');
  });

  it('tells every subscriber who changed it', () => {
    const store = createSelectionStore();
    const heard: string[] = [];
    store.subscribe((selection, source) => heard.push(`${source}:${Object.keys(selection.filters).join(',')}`));
    store.subscribe((_, source) => heard.push(`second:${source}`));
    store.set(withFilter(store.get(), 'optimizer.lr', { kind: 'range', min: 0, max: 1, missing: false }), 'chart');
    expect(heard).toEqual(['chart:optimizer.lr', 'second:chart']);
    expect(store.get().filters['optimizer.lr']).toBeDefined();
  });
});
