import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitingPlugin, pausePlugin, sweepOf, type TestSweep } from './_testSweeps.js';
import { executeRuns, runPoolOnDemand, runPoolWorkerFile, startRunPool, type ExecuteOptions, type ProgressEvent } from './execute.js';
import { META_FILE, RECORD_FILE, RunStore } from './store.js';
import { RUN_STATES_FILE } from './runStates.js';
import { RUN_LISTING_FILE } from './runListing.js';
import { tempFolder } from './testing/tempFolder.js';

const moonsGrid = `
name: exec-test
seed: 11
replicates: 2
problem:
  dataset: { name: moons, size: 80, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [6], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: momentum, lr: 0.1, momentum: 0.9 }
train: { batch_size: 8, epochs: 4 }
metric: { name: test_loss, goal: minimize, target: 0.4 }
parameters:
  optimizer.lr: { values: [0.03, 0.3] }
`;

const freshStore = () => new RunStore(tempFolder('descent-exec-'));

function options(test: TestSweep, store: RunStore, more: Partial<ExecuteOptions> = {}): ExecuteOptions {
  return { sweep: test.sweep.name, baseDir: test.baseDir, plugins: test.sweep.plugins, store, ...more };
}

/** Every entry of the sweep's folder: run ids, plus anything else left behind (locks, temporaries); not the states cache (runStates.ts). */
const entries = (store: RunStore, sweep: string) => readdirSync(store.sweepDir(sweep)).filter((name) => name !== RUN_STATES_FILE && name !== RUN_LISTING_FILE).sort();

/** runId → record.json bytes. */
function recordBytes(store: RunStore, sweep: string): Map<string, string> {
  return new Map(store.runIds(sweep).map((id) => [id, readFileSync(join(store.sweepDir(sweep), id, RECORD_FILE), 'utf8')]));
}

// Each test starts a worker pool (about a second per thread on a busy machine) and trains a few small runs.
describe('executeRuns', { timeout: 40_000 }, () => {
  let test: TestSweep;
  let reference: RunStore;

  beforeAll(async () => {
    test = await sweepOf(moonsGrid);
    expect(test.specs).toHaveLength(4);
    reference = freshStore();
    const summary = await executeRuns(test.specs, options(test, reference, { workers: 1 }));
    expect(summary).toMatchObject({ total: 4, skipped: 0, completed: { finished: 4, diverged: 0, failed: 0 }, interrupted: false });
  }, 40_000);

  it('writes byte-identical records with 1 worker, with 2 workers, and in reverse order', async () => {
    const twoWorkers = freshStore();
    await executeRuns(test.specs, options(test, twoWorkers, { workers: 2 }));
    const reversed = freshStore();
    // Started from a folder outside the workspace too: the worker threads must not depend on the current folder.
    const cwd = process.cwd();
    process.chdir(tmpdir());
    try {
      await executeRuns([...test.specs].reverse(), options(test, reversed, { workers: 2 }));
    } finally {
      process.chdir(cwd);
    }
    const expected = recordBytes(reference, 'exec-test');
    expect([...expected.keys()].sort()).toEqual(test.specs.map((s) => s.runId).sort());
    for (const store of [twoWorkers, reversed]) {
      expect(recordBytes(store, 'exec-test')).toEqual(expected);
      for (const id of expected.keys()) expect(existsSync(join(store.sweepDir('exec-test'), id, META_FILE))).toBe(true);
      expect(entries(store, 'exec-test')).toEqual([...expected.keys()].sort());
    }
  });

  it('trains on a pool started beforehand, to the same bytes, and destroys it', async () => {
    const pool = startRunPool(2);
    // Threads run the package's build, also while these tests run from the sources: one way to load code.
    expect(runPoolWorkerFile(pool)).toBe(fileURLToPath(new URL('../dist/worker.js', import.meta.url)));
    const store = freshStore();
    const summary = await executeRuns(test.specs, options(test, store, { pool, workers: 1 }));
    // The pool's two threads are used; `workers` is ignored when a pool is given.
    expect(summary).toMatchObject({ workers: 2, completed: { finished: 4, diverged: 0, failed: 0 } });
    expect(recordBytes(store, 'exec-test')).toEqual(recordBytes(reference, 'exec-test'));
    // executeRuns destroyed it; the caller's own clean-up (a finally) may call destroy again.
    await expect(pool.destroy()).resolves.toBeUndefined();
  });

  it('starts the threads of a pool on demand only for runs to train: none for a sweep with nothing left to do', async () => {
    const pool = runPoolOnDemand(1);
    try {
      // Every run stored already: nothing to train, and no thread started (nor the run facts' git calls).
      const skipped = await executeRuns(test.specs, options(test, reference, { pool, keepPool: true }));
      expect(skipped).toMatchObject({ skipped: test.specs.length, workers: 0 });
      expect(pool.started).toBe(false);
      const store = freshStore();
      const summary = await executeRuns(test.specs, options(test, store, { pool, keepPool: true }));
      expect(pool.started).toBe(true);
      expect(summary).toMatchObject({ workers: 1, completed: { finished: 4, diverged: 0, failed: 0 } });
      expect(recordBytes(store, 'exec-test')).toEqual(recordBytes(reference, 'exec-test'));
    } finally {
      await pool.destroy();
    }
    // A pool destroyed before it started: nothing to stop, and it starts no thread afterwards.
    const unused = runPoolOnDemand(1);
    await expect(unused.destroy()).resolves.toBeUndefined();
    expect(() => unused.start()).toThrow(/destroyed before its threads started/);
    const started = startRunPool(1);
    expect(started.started).toBe(true);
    await started.destroy();
  });

  it('keeps a given pool running when asked, for the next sweep, to the same bytes', async () => {
    const pool = startRunPool(1);
    try {
      for (const order of [test.specs, [...test.specs].reverse()]) {
        const store = freshStore();
        const summary = await executeRuns(order, options(test, store, { pool, keepPool: true }));
        expect(summary).toMatchObject({ workers: 1, completed: { finished: 4, diverged: 0, failed: 0 } });
        expect(recordBytes(store, 'exec-test')).toEqual(recordBytes(reference, 'exec-test'));
      }
      // Nothing left to do: the pool is still kept.
      await executeRuns(test.specs, options(test, reference, { pool, keepPool: true }));
      const again = freshStore();
      await executeRuns(test.specs.slice(0, 1), options(test, again, { pool }));
      expect(again.runIds('exec-test')).toEqual([test.specs[0].runId]);
    } finally {
      await pool.destroy();
    }
  });

  it('trains sweeps given to one pool at once, each to the bytes it gets alone, the fewest runs left first', async () => {
    const named = (name: string) => sweepOf(moonsGrid.replace('name: exec-test', `name: ${name}`));
    const [a, b, c] = await Promise.all(['exec-a', 'exec-b', 'exec-c'].map(named));
    const given = { a: a.specs, b: b.specs, c: c.specs.slice(0, 1) };
    const pool = startRunPool(1);
    const store = freshStore();
    const done: string[] = [];
    try {
      await Promise.all(
        (['a', 'b', 'c'] as const).map((key) => {
          const test = { a, b, c }[key];
          return executeRuns(given[key], options(test, store, { pool, keepPool: true, onProgress: () => done.push(key) }));
        }),
      );
    } finally {
      await pool.destroy();
    }
    // One thread, two places: a takes both; c's single run goes before b's four (fewer left), and a, with two left
    // after its first two, before b too.
    expect(done).toEqual(['a', 'a', 'c', 'a', 'a', 'b', 'b', 'b', 'b']);
    for (const [key, test] of Object.entries({ a, b, c })) {
      const alone = freshStore();
      await executeRuns(given[key as keyof typeof given], options(test, alone, { workers: 1 }));
      expect(recordBytes(store, test.sweep.name)).toEqual(recordBytes(alone, test.sweep.name));
      expect(recordBytes(store, test.sweep.name).size).toBe(given[key as keyof typeof given].length);
    }
  });

  it('leaves the states of the runs it stored (runStates.ts), so the next process need not read their records', () => {
    const states = JSON.parse(readFileSync(join(reference.sweepDir('exec-test'), RUN_STATES_FILE), 'utf8')) as { runs: [string, string, string][] };
    expect(states.runs.map(([runId]) => runId)).toEqual(test.specs.map((spec) => spec.runId).sort());
    expect(states.runs.every(([, , state]) => state === 'current')).toBe(true);
  });

  it('skips runs that already have a record', async () => {
    const events: ProgressEvent[] = [];
    const summary = await executeRuns(test.specs, options(test, reference, { workers: 2, onProgress: (e) => events.push(e) }));
    expect(summary).toMatchObject({ total: 4, skipped: 4, completed: { finished: 0, diverged: 0, failed: 0 } });
    expect(events).toEqual([]);
  });

  it("ignores the answer of a thread let go under an aborted run (Piscina's 'Unexpected message from Worker'), and throws any other pool error", async () => {
    const pool = startRunPool(1);
    try {
      // The pool's Piscina as the worker pool sees it: an EventEmitter whose 'error' throws when nobody listens.
      const piscina = (pool as unknown as { piscina: { emit(event: 'error', error: Error): boolean } }).piscina;
      expect(() => piscina.emit('error', new Error("Unexpected message from Worker: { taskId: 26, result: { runId: '2314bee26011' } }"))).not.toThrow();
      expect(() => piscina.emit('error', new Error('worker bootstrap failed'))).toThrow('worker bootstrap failed');
    } finally {
      await pool.destroy();
    }
  });

  it('stops when aborted, keeping finished runs and no locks, and continues next time to the same bytes', async () => {
    const store = freshStore();
    const controller = new AbortController();
    const first: ProgressEvent[] = [];
    const interrupted = await executeRuns(test.specs, options(test, store, {
      workers: 1,
      signal: controller.signal,
      onProgress: (event) => {
        first.push(event);
        controller.abort();
      },
    }));
    expect(interrupted.interrupted).toBe(true);
    const kept = store.runIds('exec-test');
    expect(kept.length).toBe(first.length);
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThan(4);
    expect(entries(store, 'exec-test')).toEqual(kept); // no .lock, no temporary folder

    const second: ProgressEvent[] = [];
    const resumed = await executeRuns(test.specs, options(test, store, { workers: 2, onProgress: (e) => second.push(e) }));
    expect(resumed.skipped).toBe(kept.length);
    expect(second.map((e) => e.record.runId).filter((id) => kept.includes(id))).toEqual([]);
    expect(second.at(-1)!.done).toBe(4);
    expect(recordBytes(store, 'exec-test')).toEqual(recordBytes(reference, 'exec-test'));
  });

  it('starts nothing when aborted before it is called (the abort event has already fired)', async () => {
    const store = freshStore();
    const events: ProgressEvent[] = [];
    const summary = await executeRuns(test.specs, options(test, store, { workers: 1, signal: AbortSignal.abort(), onProgress: (e) => events.push(e) }));
    expect(summary).toMatchObject({ interrupted: true, skipped: 0, completed: { finished: 0, diverged: 0, failed: 0 } });
    expect(events).toEqual([]);
    expect(store.runIds('exec-test')).toEqual([]);
  });

  it('returns from an abort only once the cut-off thread has stopped: no temporary left, nothing stored later', async () => {
    // The abort lands at a different moment of the next run each time (training, writing its folder, renaming it):
    // Piscina rejects an aborted task at once but its thread stops later, and could be cut off mid-write.
    // 64 runs of a millisecond or two: on a fast machine the 4 runs of the other tests all finished within the 7 ms
    // before the abort (seen once in CI), and there was no run left to cut off.
    const many = await sweepOf(moonsGrid.replace('replicates: 2', 'replicates: 32'));
    expect(many.specs).toHaveLength(64);
    const pool = startRunPool(1);
    try {
      for (let delayMs = 0; delayMs < 8; delayMs++) {
        const store = freshStore();
        const controller = new AbortController();
        const events: ProgressEvent[] = [];
        const summary = await executeRuns(many.specs, options(many, store, {
          pool,
          keepPool: true,
          signal: controller.signal,
          onProgress: (event) => {
            events.push(event);
            setTimeout(() => controller.abort(), delayMs);
          },
        }));
        expect(summary.interrupted).toBe(true);
        const kept = store.runIds('exec-test');
        expect(entries(store, 'exec-test'), `abort ${delayMs} ms after a run`).toEqual(kept);
        expect(kept).toEqual(events.map((e) => e.record.runId).sort());
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(entries(store, 'exec-test')).toEqual(kept);
      }
    } finally {
      await pool.destroy();
    }
  });

  it('stops a run in flight at its next steps when aborted, on the same thread, recording nothing of it; a run stuck in one step is cut off', async () => {
    // One run of ten million steps (tens of seconds) and one that busy-waits a minute in its first update.
    const long = await sweepOf(`
name: stop-test
plugins: [${pausePlugin}]
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: pauses, lr: 0.001 }
train: { batch_size: 1, steps: 10000000 }
metric: { name: loss, goal: minimize, target: null }
parameters:
  optimizer.pause_ms: { values: [0, 60000] }
`);
    const [stepping, stuck] = [0, 60000].map((pause) => long.specs.find((s) => s.config.optimizer.pause_ms === pause)!);
    const pool = startRunPool(1);
    const piscina = (pool as unknown as { piscina: { threads: unknown[] } }).piscina;
    try {
      for (const [spec, cutOff] of [[stepping, false], [stuck, true]] as const) {
        const store = freshStore();
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 1500);
        const [thread] = piscina.threads; // the pool's one thread, which will train the run
        expect(thread).toBeDefined();
        const started = Date.now();
        const summary = await executeRuns([spec], options(long, store, { pool, keepPool: true, signal: controller.signal }));
        expect(summary.interrupted).toBe(true);
        expect(Date.now() - started).toBeLessThan(15_000); // long before either run would have ended
        expect(entries(store, 'stop-test')).toEqual([]); // not recorded, no lock, no temporary
        // The stepping run stopped itself: its thread is there for the next run. The stuck one never reached a
        // check, and its thread was terminated once the grace period was over.
        expect(piscina.threads.includes(thread)).toBe(!cutOff);
      }
    } finally {
      await pool.destroy();
    }
  });

  it('records a run over the per-run timeout as failed and lets the others finish', async () => {
    // 0.8 s is less than a fresh worker thread takes to load the training stack on a busy machine: the clock
    // must start with the training, or the quick runs would time out too.
    // One run busy-waits a minute in its first update.
    const slow = await sweepOf(`
name: timeout-test
plugins: [${pausePlugin}]
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: pauses, lr: 0.01 }
train: { batch_size: 1, steps: 50 }
metric: { name: loss, goal: minimize, target: null }
parameters:
  optimizer.pause_ms: { values: [0, 1, 60000] }
`);
    const store = freshStore();
    const events: ProgressEvent[] = [];
    const started = Date.now();
    const summary = await executeRuns(slow.specs, options(slow, store, { workers: 2, timeoutMs: 800, onProgress: (e) => events.push(e) }));
    expect(Date.now() - started).toBeLessThan(30_000); // the hung run was cut off long before its minute
    expect(summary.completed).toEqual({ finished: 2, diverged: 0, failed: 1, pruned: 0 });
    const hung = slow.specs.find((s) => s.config.optimizer.pause_ms === 60000)!;
    const { record, meta } = store.read('timeout-test', hung.runId);
    expect(record.status).toBe('failed');
    expect(record.error!.message).toMatch(/^timed out after 0.8 s/);
    expect(meta).toBeNull();
    expect(events.find((e) => e.record.runId === hung.runId)!.record).toMatchObject({ status: 'failed', error: { message: record.error!.message } });
    for (const spec of slow.specs.filter((s) => s !== hung)) expect(store.read('timeout-test', spec.runId).record.status).toBe('finished');
    expect(entries(store, 'timeout-test')).toEqual(slow.specs.map((s) => s.runId).sort());
  });

  it('records a run whose worker thread dies as failed and lets the others finish', async () => {
    const test = await sweepOf(`
name: crash-test
plugins: [${exitingPlugin}]
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 50 }
metric: { name: loss, goal: minimize, target: null }
parameters:
  optimizer.name: { values: [sgd, exits_thread, momentum] }
`);
    const store = freshStore();
    const summary = await executeRuns(test.specs, options(test, store, { workers: 2 }));
    expect(summary.completed).toEqual({ finished: 2, diverged: 0, failed: 1, pruned: 0 });
    const crashed = test.specs.find((s) => s.config.optimizer.name === 'exits_thread')!;
    const { record } = store.read('crash-test', crashed.runId);
    expect(record.status).toBe('failed');
    expect(record.error!.message).toBe(`its worker thread died: worker exited with code: 3 (running an optimizer of plugin ${exitingPlugin})`);
    expect(record.error!.plugin).toBe(exitingPlugin);
    expect(entries(store, 'crash-test')).toEqual(test.specs.map((s) => s.runId).sort());
  });
});
