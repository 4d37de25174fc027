import { join } from 'node:path';
import { formatSweepFileIssues, openSweep, RunStore, sweepInfoOf, trainRun } from '@descent/runner';
import { PAGE_RUN_LIMIT, renderSweepReport, renderSweepReportReading, runsWithSeries } from '@descent/report';
import { makeRunMeta } from '@descent/report/testing';
import { tempFolder } from '@descent/runner/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { reportInput } from './reports.js';

// A sweep just above PAGE_RUN_LIMIT: its report reads every run's listing (reportInput) and whole records only for
// the runs whose series the page draws (renderSweepReportReading). The oracle is the report read from every record, as `exp report` read it
// before; runs finished and diverged (lr up to 3 on the ravine), some reaching the target, with meta files.
const RUNS = PAGE_RUN_LIMIT + 50;
const sweepText = `
name: wide
seed: 3
method: random
samples: ${RUNS}
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: momentum, lr: 0.01, momentum: 0.9 }
train: { batch_size: 1, steps: 8 }
metric: { name: loss, goal: minimize, target: 0.5 }
parameters:
  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 3 }
  optimizer.momentum: { distribution: uniform, min: 0, max: 0.99 }
`;

/** Train every run of the sweep `text` into a store at `root`, as `exp run` leaves it: records, meta, sweep info and the run listing. */
async function storeTrainedSweep(root: string, name: string, text: string): Promise<void> {
  const store = new RunStore(root);
  const opened = await openSweep(join(root, `${name}.yaml`), { text });
  if ('stage' in opened) throw new Error(formatSweepFileIssues(opened).join('\n'));
  const { catalog, specs, sweep } = opened;
  expect(specs.length).toBeGreaterThan(PAGE_RUN_LIMIT);
  for (const spec of specs) {
    const { record } = trainRun(spec, { sweep: name, baseDir: root, optimizer: catalog.optimizer, pluginOf: catalog.pluginOf, now: () => 0 });
    store.write(record, makeRunMeta(record));
  }
  store.writeSweepInfo(sweepInfoOf(sweep, specs, `${name}.yaml`));
  store.runListings(name);
}

describe('the report of a sweep with more runs than a page draws', () => {
  const root = tempFolder('descent-large-report-');

  beforeAll(() => storeTrainedSweep(root, 'wide', sweepText), 120_000);

  it('reads whole records only for the runs whose series it draws, and renders the bytes of reading every record', () => {
    const everyRecord = reportInput(new RunStore(root), 'wide', { everyRecord: true })!;
    const statuses = new Set(everyRecord.runs.map((run) => run.record.status));
    expect(everyRecord.runs).toHaveLength(RUNS);
    expect([...statuses].sort()).toEqual(['diverged', 'finished']);
    expect(everyRecord.runs.some((run) => run.record.summary.stepsToTarget !== null)).toBe(true);

    // A fresh store remembers no run: each run it classifies is a record.json (and meta.json) read.
    const store = new RunStore(root);
    const classified = vi.spyOn(store, 'entry');
    const listed = reportInput(store, 'wide')!;
    expect(classified).not.toHaveBeenCalled();
    expect(listed.runs.every((run) => run.listed !== undefined && run.record.steps.length === 0)).toBe(true);
    const rendered = renderSweepReportReading(listed, (runId) => store.read('wide', runId));
    const read = new Set(classified.mock.calls.map(([, runId]) => runId));
    const drawn = runsWithSeries(everyRecord);
    expect(read).toEqual(drawn);
    expect(read.size).toBeLessThan(RUNS);
    // The caller's runs stay listed runs.
    expect(listed.runs.every((run) => run.listed !== undefined)).toBe(true);

    expect(rendered).toBe(renderSweepReport(everyRecord));
  });
});

// The same with claims: checked on the listings, as on the records, and no record read beyond the page's.
const lrValues = Array.from({ length: 41 }, (_, i) => Number((0.002 * 1.1 ** i).toPrecision(4)));
const claimsText = `
name: wide-claims
seed: 4
replicates: 25
problem:
  landscape: { name: ravine, condition: 10, noise: 0.5 }
optimizer: { name: momentum, lr: 0.01, momentum: 0 }
train: { batch_size: 1, steps: 8 }
metric: { name: loss, goal: minimize }
parameters:
  optimizer.lr: { values: [${lrValues.join(', ')}] }
  optimizer.momentum: { values: [0, 0.9] }
claims:
  - claim: heavy ball ends lower than plain gradient descent
    metric: final_loss
    a: { optimizer.momentum: 0.9 }
    b: { optimizer.momentum: 0 }
    expect: a < b
`;

describe('the report of a sweep with claims and more runs than a page draws', () => {
  const root = tempFolder('descent-large-claims-');

  beforeAll(() => storeTrainedSweep(root, 'wide-claims', claimsText), 120_000);

  it('checks the claims on the listings, to the verdicts of the records, reading no record for them', () => {
    const everyRecord = reportInput(new RunStore(root), 'wide-claims', { everyRecord: true })!;
    expect(everyRecord.claims).toHaveLength(1);
    expect(everyRecord.claims![0].pairs).toBeGreaterThan(1000);
    const store = new RunStore(root);
    const classified = vi.spyOn(store, 'entry');
    const listed = reportInput(store, 'wide-claims')!;
    expect(classified).not.toHaveBeenCalled();
    expect(listed.claims).toEqual(everyRecord.claims);
    expect(renderSweepReportReading(listed, (runId) => store.read('wide-claims', runId))).toBe(renderSweepReport(everyRecord));
  });
});
