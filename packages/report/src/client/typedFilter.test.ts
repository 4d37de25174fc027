import { describe, expect, it } from 'vitest';
import { exploreData } from '../explore/exploreIsland.js';
import { sweepModel } from '../reportModel.js';
import { momentumSweepFixture } from '../testing/sampleSweeps.js';
import { buildAxes } from './axes.js';
import { EMPTY_SELECTION, selectedRuns, withFilter, type AxisFilter } from './selection.js';
import { categoriesFilter, checkedCategories, rangeFilter, rangeTexts } from './typedFilter.js';

const input = momentumSweepFixture();
const data = exploreData(sweepModel(input));
const lrAxis = buildAxes(data)[0];
const typed = (from: string, to: string, shown?: AxisFilter) => rangeFilter('lr', { from, to, noValue: false }, shown);
/** The ids of the runs a filter on lr keeps, and those whose recorded lr passes `test`. */
const keptBy = (filter: AxisFilter) => data.runs.filter((_, i) => selectedRuns(data, withFilter(EMPTY_SELECTION, 'optimizer.lr', filter))[i]).map((run) => run.id).sort();
const idsWithLr = (test: (lr: number) => boolean) => input.runs.filter((run) => test(Number(run.record.config.optimizer.lr))).map((run) => run.record.runId).sort();

describe('typed values as a brush', () => {
  it('reads plain and exponent numbers; the filter keeps exactly the runs in the range, ends included', () => {
    const result = typed(' 1e-2 ', '0.1');
    expect(result).toEqual({ filter: { kind: 'range', min: 0.01, max: 0.1, missing: false } });
    if (!('filter' in result) || result.filter === null) throw new Error('a range');
    expect(keptBy(result.filter)).toEqual(idsWithLr((lr) => lr >= 0.01 && lr <= 0.1));
  });

  it('reads an empty end as open, and both empty as no brush on the axis', () => {
    expect(typed('', '0.1')).toEqual({ filter: { kind: 'range', min: -Infinity, max: 0.1, missing: false } });
    expect(typed('0.1', ' ')).toEqual({ filter: { kind: 'range', min: 0.1, max: Infinity, missing: false } });
    expect(typed('', '')).toEqual({ filter: null });
    // On the metric, 'or no value' alone keeps only the runs without one: the filter a brush on that band writes.
    expect(rangeFilter('train_loss', { from: '', to: '', noValue: true }, undefined)).toEqual({ filter: { kind: 'range', min: Infinity, max: -Infinity, missing: true } });
    expect(rangeFilter('train_loss', { from: '', to: '0.05', noValue: true }, undefined)).toEqual({ filter: { kind: 'range', min: -Infinity, max: 0.05, missing: true } });
  });

  it('says what is wrong, naming the axis and the field, for text that is not a number or a range that runs backwards', () => {
    expect(typed('abc', '1')).toEqual({ error: "lr from: 'abc' is not a number (write 0.01 or 1e-3)", field: 'from' });
    expect(typed('0.1', '1e')).toEqual({ error: "lr to: '1e' is not a number (write 0.01 or 1e-3)", field: 'to' });
    expect(typed('Infinity', '1')).toMatchObject({ field: 'from' });
    expect(typed('1', '0.1')).toEqual({ error: 'lr: from (1) is above to (0.1)', field: 'from' });
  });

  it('shows a filter rounded for reading, and an end left as shown keeps its exact value', () => {
    // What a brush writes: positions on the axis mapped back to values, with every digit.
    const brushed = lrAxis.filterBetween(0.2, 0.7);
    if (brushed.kind !== 'range') throw new Error('a numeric axis gives a range');
    const texts = rangeTexts(brushed);
    expect(Number(texts.from)).not.toBe(brushed.min);
    expect(Number(texts.from)).toBeCloseTo(brushed.min, 4);
    // Only `to` edited: `from` is the brush's own value, not its rounding.
    const edited = typed(texts.from, '0.05', brushed);
    expect(edited).toEqual({ filter: { kind: 'range', min: brushed.min, max: 0.05, missing: false } });
    expect(rangeTexts(undefined)).toEqual({ from: '', to: '', noValue: false });
    expect(rangeTexts({ kind: 'range', min: -Infinity, max: 0.1, missing: false })).toEqual({ from: '', to: '0.1', noValue: false });
    expect(rangeTexts({ kind: 'range', min: Infinity, max: -Infinity, missing: true })).toEqual({ from: '', to: '', noValue: true });
  });

  it('checks every category without a brush, and writes no brush while every one is checked', () => {
    const categories = ['adam', 'lion', 'sgd'];
    expect(checkedCategories(undefined, categories)).toEqual(categories);
    expect(checkedCategories({ kind: 'categories', values: ['sgd', 'adam'] }, categories)).toEqual(['adam', 'sgd']);
    expect(categoriesFilter(['sgd', 'adam', 'lion'], categories)).toBeNull();
    expect(categoriesFilter(['sgd', 'adam'], categories)).toEqual({ kind: 'categories', values: ['adam', 'sgd'] });
    expect(categoriesFilter([], categories)).toEqual({ kind: 'categories', values: [] });
  });
});
