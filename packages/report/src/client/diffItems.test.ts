import { describe, expect, it } from 'vitest';
import { exploreData } from '../explore/exploreIsland.js';
import { sweepModel } from '../reportModel.js';
import { momentumSweepFixture } from '../testing/sampleSweeps.js';
import type { ReportRun } from '../types.js';
import { configurationItem, decodeDiff, encodeDiff, runItem, toggledDiff, widenedToConfigurations } from './diffItems.js';

const input = momentumSweepFixture();
const data = exploreData(sweepModel(input));
const [first, second, third] = input.runs.map((run) => run.record.runId);

describe("the diff's items", () => {
  it('writes runs as their ids and configurations as c:<index>, and reads both back', () => {
    const configurations = [configurationItem(3), configurationItem(10)];
    expect(encodeDiff(configurations)).toBe('c:3,c:10');
    expect(decodeDiff(data, 'c:3,c:10')).toEqual(configurations);
    expect(encodeDiff([runItem(first), runItem(third)])).toBe(`${first},${third}`);
    expect(decodeDiff(data, encodeDiff([runItem(first), runItem(third)]))).toEqual([runItem(first), runItem(third)]);
    // An id with characters a URL part cannot hold is encoded, and decoded again.
    expect(encodeDiff([runItem('a,b&c')])).toBe('a%2Cb%26c');
    // A browser may write the colon encoded.
    expect(decodeDiff(data, 'c%3A3,c%3A10')).toEqual(configurations);
  });

  it('reads a link written before configurations could be compared (run ids alone) as before', () => {
    expect(decodeDiff(data, `${first},${second}`)).toEqual([runItem(first), runItem(second)]);
  });

  it('drops what does not fit this report: unknown indices and runs, malformed indices, repeats, the other kind, a third', () => {
    expect(data.configurations).toHaveLength(12);
    expect(decodeDiff(data, 'c:12,c:999,c:4')).toEqual([configurationItem(4)]);
    expect(decodeDiff(data, 'c:-1,c:1.5,c:,c:x,c:1e1,c:5')).toEqual([configurationItem(5)]);
    expect(decodeDiff(data, `nope,${first}`)).toEqual([runItem(first)]);
    expect(decodeDiff(data, 'c:4,c:4,c:6')).toEqual([configurationItem(4), configurationItem(6)]);
    expect(decodeDiff(data, `c:4,${first},c:6`)).toEqual([configurationItem(4), configurationItem(6)]);
    expect(decodeDiff(data, `${first},c:4,${second}`)).toEqual([runItem(first), runItem(second)]);
    expect(decodeDiff(data, 'c:1,c:2,c:3')).toEqual([configurationItem(1), configurationItem(2)]);
    expect(decodeDiff(data, '')).toEqual([]);
  });

  it('holds two of one kind at most: a third replaces the older, picking one again removes it, the other kind starts afresh', () => {
    const [a, b, c] = [runItem('a'), runItem('b'), runItem('c')];
    expect(toggledDiff([], a)).toEqual([a]);
    expect(toggledDiff([a], b)).toEqual([a, b]);
    expect(toggledDiff([a, b], c)).toEqual([b, c]);
    expect(toggledDiff([a, b], a)).toEqual([b]);
    const [one, two] = [configurationItem(1), configurationItem(2)];
    expect(toggledDiff([a, b], one)).toEqual([one]);
    expect(toggledDiff([one], two)).toEqual([one, two]);
    expect(toggledDiff([one, two], configurationItem(1))).toEqual([two]);
    expect(toggledDiff([one, two], a)).toEqual([a]);
  });

  it('widens runs to their configurations: two replicates of one configuration become that one configuration', () => {
    // A record's configuration, found by its label as the report writes it, not by the island's run.
    const labelOf = (run: ReportRun) => `lr=${run.record.config.optimizer.lr} · momentum=${run.record.config.optimizer.momentum} · batch=${run.record.config.train.batch_size}`;
    const configurationOf = (run: ReportRun) => data.configurations.findIndex((configuration) => configuration.label === labelOf(run));
    const a = input.runs[0];
    const replicate = input.runs.find((run) => run !== a && labelOf(run) === labelOf(a))!;
    const other = input.runs.find((run) => labelOf(run) !== labelOf(a))!;
    expect([configurationOf(a), configurationOf(other)].every((index) => index >= 0)).toBe(true);
    const items = (...runs: ReportRun[]) => runs.map((run) => runItem(run.record.runId));
    expect(widenedToConfigurations(data, items(a, other))).toEqual([configurationItem(configurationOf(a)), configurationItem(configurationOf(other))]);
    expect(widenedToConfigurations(data, items(a, replicate))).toEqual([configurationItem(configurationOf(a))]);
    expect(widenedToConfigurations(data, [configurationItem(5)])).toEqual([configurationItem(5)]);
  });
});
