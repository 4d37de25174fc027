import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { EXPLORE_DATA_ID, EXPLORE_DATA_VERSION, settingValue, type ExploreData } from '../client/exploreData.js';
import { renderSweepReport } from '../renderSweepReport.js';
import { comparisonModel, sweepModel } from '../reportModel.js';
import { makeReportRun, makeSweepInput } from '../testing/fixtures.js';
import { momentumSweepFixture } from '../testing/sampleSweeps.js';
import { exploreData, exploreIsland, readExploreIsland } from './exploreIsland.js';

describe('the data island of a sweep report', () => {
  const input = momentumSweepFixture();
  const data = exploreData(sweepModel(input));

  it('has one axis per varied setting, with short names, kinds and the log rule', () => {
    expect(data.version).toBe(EXPLORE_DATA_VERSION);
    expect(data.settings.map(({ key, name, kind }) => [key, name, kind])).toEqual([
      ['optimizer.lr', 'lr', 'numeric'],
      ['optimizer.momentum', 'momentum', 'numeric'],
      ['train.batch_size', 'batch', 'numeric'],
    ]);
    // lr 0.01…1 spans 100× ≥ 10^1.5: log; momentum includes 0 (not positive): linear; batch 8…64 spans 8×: linear.
    expect(data.settings.map((setting) => setting.log)).toEqual([true, false, false]);
    // Final losses: the best is 0.02+0.03/1 = 0.05 (×0.97), the worst 0.32×1.5×1.03 ≈ 0.49: under 100×, linear.
    expect(data.metric).toEqual({ name: 'train_loss', goal: 'minimize', log: false });
  });

  it('holds every run with its recorded values, status and metric (null where not finite)', () => {
    expect(data.runs.map((run) => run.id).sort()).toEqual(input.runs.map((run) => run.record.runId).sort());
    for (const { record } of input.runs) {
      const run = data.runs.find((candidate) => candidate.id === record.runId)!;
      expect([0, 1, 2].map((i) => settingValue(data, run, i))).toEqual([record.config.optimizer.lr, record.config.optimizer.momentum, record.config.train.batch_size]);
      expect(run.status).toBe(record.status);
      expect(run.replicate).toBe(record.replicate);
      expect(run.final).toBe(Number.isFinite(record.summary.finalMetric) ? record.summary.finalMetric : null);
      // The configuration it points at is labelled with its own values.
      expect(data.configurations[run.configuration].label).toBe(
        `lr=${record.config.optimizer.lr} · momentum=${record.config.optimizer.momentum} · batch=${record.config.train.batch_size}`,
      );
    }
    expect(data.runs.filter((run) => run.final === null).map((run) => run.status).sort()).toEqual([...Array(7).fill('diverged'), 'failed']);
  });

  it('gives names a categorical axis whose values index its categories, in the report\'s order', () => {
    const runs = ['sgd', 'adam', 'lion', 'adam'].map((optimizer, replicate) => makeReportRun({ optimizer, lr: 0.1 * (replicate + 1), replicate: 0 }));
    const named = exploreData(sweepModel(makeSweepInput({ varied: ['optimizer.name', 'optimizer.lr'], runs })));
    expect(named.settings[0]).toEqual({ key: 'optimizer.name', name: 'optimizer', kind: 'categorical', log: false, categories: ['adam', 'lion', 'sgd'] });
    for (const { record } of runs) {
      const run = named.runs.find((candidate) => candidate.id === record.runId)!;
      expect(named.settings[0].categories[settingValue(named, run, 0)!]).toBe(record.config.optimizer.name);
      expect(settingValue(named, run, 1)).toBe(record.config.optimizer.lr);
    }
    // 0.1…0.4 spans 4×: a linear lr axis.
    expect(named.settings[1]).toMatchObject({ kind: 'numeric', log: false });
  });

  it('cannot be ended early by a name holding </script> or <!--, and reads back exactly', () => {
    const hostile = '</script><script>alert(1)</script><!--';
    const runs = [hostile, 'sgd'].map((optimizer) => makeReportRun({ optimizer, sweep: hostile }));
    const model = sweepModel(makeSweepInput({ name: hostile, varied: ['optimizer.name'], runs }));
    const island = exploreIsland(model).value;
    // The only '<' left is the element's own tags.
    expect(island.match(/</g)).toHaveLength(2);
    expect(island.endsWith('</script>')).toBe(true);
    const markup = renderSweepReport(makeSweepInput({ name: hostile, varied: ['optimizer.name'], runs }));
    const read = readExploreIsland(markup);
    expect(read).toEqual(exploreData(model));
    expect(read.settings[0].categories).toContain(hostile);
    expect(read.runs.map((run) => run.id)).toContain(runs[0].record.runId);
  });

  it('in a comparison, gives the sweep its own categorical axis first', () => {
    const compared = exploreData(comparisonModel([momentumSweepFixture('plain'), momentumSweepFixture('heavy')]));
    expect(compared.settings[0]).toEqual({ key: 'sweep', name: 'sweep', kind: 'categorical', log: false, categories: ['heavy', 'plain'] });
    expect(compared.runs).toHaveLength(72);
    expect(compared.runs.filter((run) => compared.settings[0].categories[settingValue(compared, run, 0)!] === 'plain')).toHaveLength(36);
  });

});
