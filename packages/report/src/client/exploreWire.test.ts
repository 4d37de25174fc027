import { describe, expect, it } from 'vitest';
import { exploreData } from '../explore/exploreIsland.js';
import { comparisonModel, sweepModel } from '../reportModel.js';
import { makeReportRun, makeSweepInput } from '../testing/fixtures.js';
import { momentumSweepFixture, searchSweepFixture, thousandRunSweepFixture } from '../testing/sampleSweeps.js';
import type { ExploreData } from './exploreData.js';
import { decodeExploreWire, encodeExploreWire } from './exploreWire.js';

const roundTrip = (data: ExploreData) => decodeExploreWire(JSON.parse(JSON.stringify(encodeExploreWire(data))));

describe('the island in columns', () => {
  it('reads back as the data it was made from: a grid, a search, a comparison, names and every status', () => {
    const named = makeSweepInput({
      varied: ['optimizer.name', 'optimizer.lr'],
      runs: [
        makeReportRun({ optimizer: 'sgd', lr: 0.1 }),
        makeReportRun({ optimizer: 'adam', lr: 0.01, status: 'diverged' }),
        makeReportRun({ optimizer: 'adam', lr: 0.1, status: 'failed' }),
        makeReportRun({ optimizer: 'sgd', lr: 0.01, status: 'pruned' }),
      ],
    });
    const models = [sweepModel(momentumSweepFixture()), sweepModel(searchSweepFixture()), sweepModel(named), comparisonModel([momentumSweepFixture('plain'), momentumSweepFixture('heavy')])];
    for (const model of models) {
      const data = exploreData(model);
      expect(roundTrip(data)).toEqual(data);
    }
    expect(new Set(exploreData(sweepModel(named)).runs.map((run) => run.status))).toEqual(new Set(['finished', 'diverged', 'failed', 'pruned']));
  });

  it('writes each distinct curve x series once, and a setting value once', () => {
    const data = exploreData(sweepModel(thousandRunSweepFixture()));
    const wire = encodeExploreWire(data);
    expect(roundTrip(data)).toEqual(data);
    // Configurations that share a batch size (and did not stop early) share their x positions.
    expect(wire.configurations.curveXs.length).toBe(new Set(data.configurations.map((configuration) => configuration.curveX)).size);
    expect(wire.configurations.curveXs.length).toBeLessThan(data.configurations.length / 10);
    // lr, momentum and batch are config keys that differ, and every one comes from its setting.
    expect(wire.config.fromSetting.filter((index) => index >= 0)).toHaveLength(3);
    expect(wire.configurations.config.every((own) => own.length === 0)).toBe(true);
    expect(JSON.stringify(wire).length).toBeLessThan(0.7 * JSON.stringify(data).length);
  });

  it('keeps a config value apart when its setting does not write it the same way', () => {
    const data = exploreData(sweepModel(momentumSweepFixture()));
    const lrKey = data.config.keys.filter((_, i) => data.config.shared[i] === null).indexOf('optimizer.lr');
    expect(lrKey).toBeGreaterThanOrEqual(0);
    // As if the report wrote lr with a unit in the diff: the setting's number can no longer stand in for it.
    const edited: ExploreData = { ...data, configurations: data.configurations.map((configuration) => ({ ...configuration, config: configuration.config.map((text, i) => (i === lrKey ? `${text} (lr)` : text)) })) };
    const wire = encodeExploreWire(edited);
    expect(wire.config.fromSetting[lrKey]).toBe(-1);
    expect(roundTrip(edited)).toEqual(edited);
  });

  it('refuses a status it has no letter for', () => {
    const data = exploreData(sweepModel(momentumSweepFixture()));
    const odd = { ...data, runs: data.runs.map((run, i) => (i === 0 ? { ...run, status: 'paused' } : run)) };
    expect(() => encodeExploreWire(odd)).toThrow("unknown run status 'paused' (known: finished, diverged, failed, pruned)");
  });
});
