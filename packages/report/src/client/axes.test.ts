import { describe, expect, it } from 'vitest';
import { exploreData } from '../explore/exploreIsland.js';
import { sweepModel } from '../reportModel.js';
import { momentumSweepFixture } from '../testing/sampleSweeps.js';
import { buildAxes } from './axes.js';
import { settingValue } from './exploreData.js';

const data = exploreData(sweepModel(momentumSweepFixture()));
const axes = buildAxes(data);
const run = (lr: number) => data.runs.find((candidate) => settingValue(data, candidate, 0) === lr)!;

describe('the axes of the parallel coordinates', () => {
  it('has one axis per setting and the metric last', () => {
    expect(axes.map((axis) => [axis.id, axis.title])).toEqual([
      ['optimizer.lr', 'lr'],
      ['optimizer.momentum', 'momentum'],
      ['train.batch_size', 'batch'],
      ['metric', 'train_loss'],
    ]);
  });

  it('spaces a log axis by ratios: 0.01 → 0.1 as far as 0.1 → 1, and labels a grid\'s values', () => {
    const [low, middle, high] = [0.01, 0.1, 1].map((lr) => axes[0].position(run(lr))!);
    expect(middle - low).toBeCloseTo(high - middle, 12);
    expect(axes[0].ticks.map((tick) => tick.label)).toEqual(['0.01', '0.1', '1']);
    expect(axes[1].ticks.map((tick) => tick.label)).toEqual(['0', '0.9']);
    expect(axes[2].ticks.map((tick) => tick.label)).toEqual(['8', '64']);
  });

  it('maps a brushed span back to the values it covers, and a filter back to its span', () => {
    const [low, high] = [0.01, 0.1].map((lr) => axes[0].position(run(lr))!);
    const filter = axes[0].filterBetween(low, high);
    expect(filter).toMatchObject({ kind: 'range', missing: false });
    if (filter.kind !== 'range') throw new Error('a numeric axis gives a range');
    expect(filter.min).toBeCloseTo(0.01, 12);
    expect(filter.max).toBeCloseTo(0.1, 12);
    const span = axes[0].spanOf(filter)!;
    expect(span[0]).toBeCloseTo(low, 12);
    expect(span[1]).toBeCloseTo(high, 12);
  });

  it('holds a typed range beyond the runs\' values (or open, or ≤ 0 on a log axis) within the axis', () => {
    const [low, high] = [0.01, 1].map((lr) => axes[0].position(run(lr))!);
    expect(axes[0].spanOf({ kind: 'range', min: -Infinity, max: Infinity, missing: false })).toEqual([0, 1]);
    expect(axes[0].spanOf({ kind: 'range', min: 0, max: 1e9, missing: false })).toEqual([0, 1]);
    expect(axes[0].spanOf({ kind: 'range', min: 0.01, max: 1, missing: false })).toEqual([low, high]);
    expect(axes[0].spanOf({ kind: 'range', min: 1, max: 0.01, missing: false })).toBeNull();
    expect(axes[0].domain).toEqual({ kind: 'numeric', lowest: 0.01, highest: 1, noValue: false });
    // On the metric axis, an open range covers the values, not the 'no value' band past them.
    const metric = axes[3];
    const diverged = data.runs.find((candidate) => candidate.final === null)!;
    const [, top] = metric.spanOf({ kind: 'range', min: -Infinity, max: Infinity, missing: false })!;
    expect(top).toBeLessThan(metric.position(diverged)!);
    expect(metric.domain).toMatchObject({ kind: 'numeric', noValue: true });
  });

  it('draws runs without a metric in a "no value" band above the values when minimizing, which a brush can hold', () => {
    const metric = axes[3];
    const diverged = data.runs.find((candidate) => candidate.final === null)!;
    const finite = data.runs.filter((candidate) => candidate.final !== null).map((candidate) => metric.position(candidate)!);
    const noValue = metric.position(diverged)!;
    expect(noValue).toBeGreaterThan(Math.max(...finite));
    expect(metric.ticks.at(-1)).toEqual({ position: noValue, label: '✕ no value' });
    expect(metric.filterBetween(noValue - 0.01, noValue + 0.01)).toEqual({ kind: 'range', min: Infinity, max: -Infinity, missing: true });
    const both = metric.filterBetween(0, 1);
    expect(both).toMatchObject({ missing: true });
  });
});
