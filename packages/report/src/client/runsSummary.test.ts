import { describe, expect, it } from 'vitest';
import { exploreData } from '../explore/exploreIsland.js';
import { sweepModel } from '../reportModel.js';
import { summarizeConfiguration } from '../ranking.js';
import { momentumSweepFixture } from '../testing/sampleSweeps.js';
import { configurationSummary } from './runsSummary.js';
import { EXPLORE_DATA_VERSION, type ExploreData, type ExploreRun } from './exploreData.js';

/** An island of two configurations, written by hand: only what the summary reads is filled in. */
function island(runs: Pick<ExploreRun, 'configuration' | 'status' | 'final'>[]): ExploreData {
  return {
    version: EXPLORE_DATA_VERSION,
    metric: { name: 'loss', goal: 'minimize', log: false },
    settings: [],
    configurations: [0, 1].map((i) => ({ label: `c${i}`, values: [], config: [], curveX: '' })),
    runs: runs.map((run, i) => ({ ...run, id: `r${i}`, replicate: i, curve: '' })),
    curves: null,
    config: { keys: [], shared: [] },
  };
}

describe("a configuration's summary for the diff", () => {
  it('counts every replicate by status, and summarises the final metric over the finished ones alone', () => {
    const data = island([
      { configuration: 0, status: 'finished', final: 0.5 },
      { configuration: 1, status: 'finished', final: 2 },
      { configuration: 0, status: 'diverged', final: null },
      { configuration: 0, status: 'finished', final: 0.2 },
      { configuration: 0, status: 'failed', final: null },
      { configuration: 0, status: 'pruned', final: 0.01 }, // a pruned run's metric is at a smaller budget: not summarised
      { configuration: 0, status: 'finished', final: 0.8 },
    ]);
    // finished finals 0.5, 0.2, 0.8: mean = 1.5 / 3 = 0.5, min–max 0.2–0.8.
    expect(configurationSummary(data, 0)).toEqual({
      runs: [0, 2, 3, 4, 5, 6],
      statuses: { finished: 3, diverged: 1, failed: 1, pruned: 1 },
      finals: [0.5, 0.2, 0.8],
      finalRuns: [0, 3, 6],
      mean: 0.5,
      range: [0.2, 0.8],
    });
    expect(configurationSummary(data, 1)).toEqual({ runs: [1], statuses: { finished: 1 }, finals: [2], finalRuns: [1], mean: 2, range: [2, 2] });
  });

  it('has no final metric when no replicate finished', () => {
    const summary = configurationSummary(island([{ configuration: 1, status: 'diverged', final: null }]), 1);
    expect(summary.statuses).toEqual({ diverged: 1 });
    expect(summary.finals).toEqual([]);
    expect(summary.mean).toBeNaN();
    expect(summary.range).toEqual([NaN, NaN]);
  });

  it("agrees with the report's own summary of each configuration (ranking.ts) on the momentum sweep", () => {
    const model = sweepModel(momentumSweepFixture());
    const data = exploreData(model);
    for (const configuration of model.configurations) {
      const index = data.configurations.findIndex((candidate) => candidate.label === configuration.label);
      const page = configurationSummary(data, index);
      const server = summarizeConfiguration(configuration);
      expect(page.runs.map((run) => data.runs[run].id).sort()).toEqual(configuration.runs.map((run) => run.record.runId).sort());
      expect(Object.fromEntries(Object.entries(server.counts).filter(([, count]) => count > 0))).toEqual(page.statuses);
      expect([...page.finals].sort()).toEqual([...server.metricValues].sort());
      if (page.finals.length > 0) expect([page.mean, ...page.range]).toEqual([server.mean, server.min, server.max]);
    }
  });
});
