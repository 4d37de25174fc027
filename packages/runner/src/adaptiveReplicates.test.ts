import { describe, expect, it } from 'vitest';
import type { RunSpec } from '@descent/sweep';
import { runReplicates, type ReplicatesOutcome } from './adaptiveReplicates.js';
import type { ExecuteSummary } from './execute.js';
import type { ExecuteRequest, Executor } from './executor.js';
import { failedRecord } from './failedRecord.js';
import { RunStore } from './store.js';
import { sweepOf, type TestSweep } from './_testSweeps.js';
import { tempFolder } from './testing/tempFolder.js';
import { statusCounts } from './types.js';

/**
 * Four learning rates, minimised, paired (replicate k of each shares `shared(k)`, which cancels in A_k − B_k;
 * it is kept small, so means over different numbers of replicates never swap lr 0.1 and lr 0.2):
 * - lr 0.1: the leader, 1 + shared(k) ± 1e-4;
 * - lr 0.2: 0.01 above it ± 1e-4, inside δ (5 % of the sweep's IQR, a few hundredths here): equivalent at once;
 * - lr 0.3: 2 above it: better beyond doubt, but a rank test over 3 comparisons (Holm: 0.05/3) needs
 *   2/2ⁿ ≤ 0.0167, n ≥ 7 paired replicates;
 * - lr 0.4: 0.05 above it with noise ±0.5 per replicate: no number of replicates up to max settles it.
 */
function finalMetric(spec: RunSpec): number {
  const lr = spec.config.optimizer.lr as number;
  const k = spec.replicate;
  const shared = Math.sin(k * 12.9898) * 0.003;
  const own = (scale: number) => scale * Math.sin((k + 1) * 78.233 * (lr * 10 + 1));
  if (lr === 0.1) return 1 + shared + own(1e-4);
  if (lr === 0.2) return 1.01 + shared + own(1e-4);
  if (lr === 0.3) return 3 + shared + own(1e-4);
  return 1.05 + shared + own(0.5);
}

/** An executor that "trains" by finalMetric, in the order `order` puts the specs, stopping after `limit` runs if given. */
function fakeExecutor(order: (specs: readonly RunSpec[]) => RunSpec[] = (s) => [...s], limit = Infinity): Executor & { trained: string[] } {
  const trained: string[] = [];
  return {
    trained,
    async execute(specs: readonly RunSpec[], request: ExecuteRequest): Promise<ExecuteSummary> {
      const summary: ExecuteSummary = { total: specs.length, skipped: 0, completed: statusCounts(), busy: 0, interrupted: false, workers: 1, elapsedMs: 0 };
      for (const spec of order(specs)) {
        if (request.store.has(request.sweep, spec.runId)) {
          summary.skipped++;
          continue;
        }
        if (trained.length >= limit) return { ...summary, interrupted: true };
        const record = failedRecord(spec, request.sweep, '', null);
        request.store.write({ ...record, status: 'finished', error: null, summary: { ...record.summary, finalMetric: finalMetric(spec) } }, null);
        trained.push(spec.runId);
        summary.completed.finished++;
      }
      return summary;
    },
    close: async () => {},
  };
}

const SWEEP = [
  'name: adaptive',
  'problem: { dataset: { name: moons, size: 40 }, model: { hidden: [2] } }',
  'train: { batch_size: 8, epochs: 1 }',
  'parameters:',
  '  optimizer.lr: { values: [0.1, 0.2, 0.3, 0.4] }',
];

async function adaptiveSweep(replicates = 'replicates: { min: 3, max: 11, step: 2 }'): Promise<TestSweep> {
  return sweepOf([...SWEEP, replicates].join('\n'));
}

async function run(sweep: TestSweep, executor: Executor, store = new RunStore(tempFolder('descent-adaptive-'))): Promise<ReplicatesOutcome> {
  return runReplicates(sweep, executor, { sweep: 'adaptive', baseDir: sweep.baseDir, plugins: [], catalog: sweep.catalog, store });
}

const replicatesOf = (outcome: ReplicatesOutcome) => {
  const counts = new Map<number, number>();
  for (const spec of outcome.runs) counts.set(spec.config.optimizer.lr as number, (counts.get(spec.config.optimizer.lr as number) ?? 0) + 1);
  return Object.fromEntries([...counts].sort(([a], [b]) => a - b));
};

describe('runReplicates: adaptive replicates', () => {
  it('stops an equivalent configuration at min, a clear one once a rank test can decide, and an open one at max', async () => {
    const outcome = await run(await adaptiveSweep(), fakeExecutor());
    // Rounds of 2 from 3: lr 0.3 is decided at 7; lr 0.4 stays open to max 11, and the leader keeps up with it.
    expect(replicatesOf(outcome)).toEqual({ 0.1: 11, 0.2: 3, 0.3: 7, 0.4: 11 });
    expect(outcome.stopped).toBe('max');
    expect(outcome.rounds).toBe(5); // 3, 5, 7, 9, 11
    expect(Object.fromEntries(outcome.standings.map((s) => [JSON.parse(s.key)[0], s.verdict]))).toEqual({ 0.1: 'leader', 0.2: 'equivalent', 0.3: 'better', 0.4: 'undecided' });
    // Run ids are those of a fixed sweep's replicate k: the first 3 replicates are exactly replicates: 3's runs.
    const fixed = await adaptiveSweep('replicates: 3');
    expect(outcome.runs.filter((s) => s.replicate < 3).map((s) => s.runId)).toEqual(fixed.specs.map((s) => s.runId));
  });

  it('stops as soon as every verdict is decided', async () => {
    // Without lr 0.4 nothing stays open: lr 0.3 is decided at 7 (2/2⁷ ≤ 0.05/2), and so are the rounds.
    const sweep = await sweepOf([...SWEEP.slice(0, -1), '  optimizer.lr: { values: [0.1, 0.2, 0.3] }', 'replicates: { min: 3, max: 30, step: 2 }'].join('\n'));
    const outcome = await run(sweep, fakeExecutor());
    expect(outcome.stopped).toBe('decided');
    expect(replicatesOf(outcome)).toEqual({ 0.1: 7, 0.2: 3, 0.3: 7 });
  });

  it('decides the same rounds whatever order the runs complete in, and across an interruption and resume', async () => {
    const sweep = await adaptiveSweep();
    const straight = await run(sweep, fakeExecutor());
    const reversed = await run(sweep, fakeExecutor((specs) => [...specs].reverse()));
    expect(reversed.runs.map((s) => s.runId)).toEqual(straight.runs.map((s) => s.runId));

    // Interrupted after 14 runs (in the second round), then resumed on the same store: the same runs, none twice.
    const store = new RunStore(tempFolder('descent-adaptive-'));
    const first = fakeExecutor(undefined, 14);
    expect((await run(sweep, first, store)).stopped).toBe('interrupted');
    const second = fakeExecutor();
    const resumed = await run(sweep, second, store);
    expect(resumed.runs.map((s) => s.runId)).toEqual(straight.runs.map((s) => s.runId));
    expect(new Set([...first.trained, ...second.trained]).size).toBe(first.trained.length + second.trained.length);
    expect(first.trained.length + second.trained.length).toBe(straight.runs.length);
  });

  it('gives a configuration with a failed replicate no more replicates, and never makes it the leader', async () => {
    const sweep = await adaptiveSweep();
    const failing = fakeExecutor();
    const execute = failing.execute.bind(failing);
    // lr 0.1's replicate 1 fails: lr 0.2 leads (0.01 behind it before), lr 0.1 stays at its 3 replicates.
    failing.execute = async (specs, request) => {
      const summary = await execute(specs, request);
      for (const spec of specs) {
        if (spec.config.optimizer.lr === 0.1 && spec.replicate === 1) request.store.write(failedRecord(spec, request.sweep, 'broken on purpose', null), null, { replace: true });
      }
      return summary;
    };
    const outcome = await run(sweep, failing);
    expect(replicatesOf(outcome)[0.1]).toBe(3);
    expect(outcome.standings.find((s) => JSON.parse(s.key)[0] === 0.1)!.verdict).toBe('excluded');
    expect(outcome.standings.find((s) => JSON.parse(s.key)[0] === 0.2)!.verdict).toBe('leader');
  });

  it('decides with the δ the sweep declares: what the default δ leaves open to max is equivalent at once', async () => {
    // lr 0.4 is 0.05 above the leader with noise ±0.5: its differences stay far beyond the default δ (a few
    // hundredths) but within a declared ±1, so it is equivalent after the first round; lr 0.3, 2 above, is not.
    const declared = await adaptiveSweep('replicates: { min: 3, max: 11, step: 2 }\ndelta: 1');
    const outcome = await run(declared, fakeExecutor());
    expect(replicatesOf(outcome)).toEqual({ 0.1: 7, 0.2: 3, 0.3: 7, 0.4: 3 });
    expect(outcome.stopped).toBe('decided');
    expect(Object.fromEntries(outcome.standings.map((s) => [JSON.parse(s.key)[0], s.verdict]))).toEqual({ 0.1: 'leader', 0.2: 'equivalent', 0.3: 'better', 0.4: 'equivalent' });
    // δ is no part of a run's config: declaring it changes no run id.
    expect(declared.specs.map((s) => s.runId)).toEqual((await adaptiveSweep()).specs.map((s) => s.runId));
  });

  it('runs a fixed count as one round', async () => {
    const sweep = await adaptiveSweep('replicates: 4');
    const outcome = await run(sweep, fakeExecutor());
    expect(outcome).toMatchObject({ stopped: 'fixed', rounds: 1, standings: [] });
    expect(outcome.runs.map((s) => s.runId)).toEqual(sweep.specs.map((s) => s.runId));
  });
});
