import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecuteRequest, Executor } from '../executor.js';
import type { LoadedCatalog } from '../loadCatalog.js';
import { localExecutor } from '../localExecutor.js';
import { formatSweepFileIssues, openSweep } from '../openSweep.js';
import { RECORD_FILE, RunStore } from '../store.js';
import type { RunSpec, Sweep } from '@descent/sweep';
import { tempFolder } from '../testing/tempFolder.js';
import { startLocalRedis, type LocalRedis } from './_localRedis.js';
import { pluginRefs } from './pluginRefs.js';
import { parseQueueAddress, type QueueAddress } from './queueAddress.js';
import { queueStatus } from './queueStatus.js';
import { startQueueWorker, type QueueWorkerEvent, type RunningQueueWorker } from './queueWorker.js';
import { queueExecutor } from './queueExecutor.js';
import { collectFromQueue, runOnQueue } from './runOnQueue.js';
import { runReplicates, type ReplicatedSweep } from '../adaptiveReplicates.js';
import { runBayes } from '../bayesRounds.js';
import { runEarlyTerminated } from '../earlyTermination.js';

// A plugin with no imports, so it loads from a temporary folder outside the workspace.
const halfStep = (factor: number) => `
export default {
  name: 'half_step',
  description: 'gradient descent with steps scaled by ${factor}, for the queue tests',
  rule: 'θ ← θ − ${factor}·α·g',
  hyperparameters: { lr: { type: 'number', default: 0.01, min: 0, log: true, description: 'learning rate' } },
  init: () => ({}),
  update({ params, grads, state, hp }) {
    params.forEach((theta, p) => theta.forEach((x, i) => (theta[i] = x - ${factor} * hp.lr * grads[p][i])));
    return { params, state };
  },
};
`;

// Four runs: a built-in and the plugin optimizer, two replicates each; gradient noise makes replicates differ.
const sweepYaml = `
name: qtest
seed: 3
replicates: 2
plugins:
  - ../plugins/half.ts
problem:
  landscape: { name: ravine, noise: 0.5 }
optimizer: { name: momentum, lr: 0.01, momentum: 0.5 }
train: { batch_size: 4, steps: 300 }
metric: { name: loss, goal: minimize }
parameters:
  optimizer:
    values:
      - { name: momentum, lr: 0.01, momentum: 0.5 }
      - { name: half_step, lr: 0.02 }
`;

interface Workspace {
  root: string;
  sweep: Sweep;
  specs: RunSpec[];
  catalog: LoadedCatalog;
  /** The sweep folder, relative to root. */
  baseDir: string;
}

/** A workspace of its own (as on another machine): experiments/sweeps/qtest.yaml and experiments/plugins/half.ts. */
async function workspace(pluginFactor: number | null): Promise<Workspace> {
  const root = tempFolder('descent-queue-');
  const file = join(root, 'experiments', 'sweeps', 'qtest.yaml');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, sweepYaml);
  if (pluginFactor !== null) {
    mkdirSync(join(root, 'experiments', 'plugins'));
    writeFileSync(join(root, 'experiments', 'plugins', 'half.ts'), halfStep(pluginFactor));
  }
  if (pluginFactor === null) return { root, baseDir: 'experiments/sweeps' } as Workspace; // a worker's machine without the plugin
  const opened = await openSweep(file);
  if ('stage' in opened) throw new Error(formatSweepFileIssues(opened).join('\n'));
  return { root, sweep: opened.sweep, specs: opened.specs, catalog: opened.catalog, baseDir: 'experiments/sweeps' };
}

function storeAt(root: string): RunStore {
  return new RunStore(join(root, 'experiments', 'runs'));
}

/** Every stored record file's bytes, by run id. */
/** The queue sweep turned into a search over lr × momentum of 60 steps, with these sweep keys in place of `replicates: 2`. */
function searchYaml(keys: string): string {
  return sweepYaml
    .replace('replicates: 2', keys)
    .replace(/plugins:\n {2}- \.\.\/plugins\/half\.ts\n/, '')
    .replace('steps: 300', 'steps: 60')
    .replace(/parameters:[\s\S]*$/, 'parameters:\n  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 0.1 }\n  optimizer.momentum: { distribution: uniform, min: 0, max: 0.95 }\n');
}

/** A search decided in rounds run twice, in workspaces of their own: on two local threads, and through the queue to a worker machine. */
async function searchedBothWays<T>(yaml: string, rounds: (opened: ReplicatedSweep, executor: Executor, request: ExecuteRequest) => Promise<T>) {
  const open = async () => {
    const root = tempFolder('descent-queue-');
    const file = join(root, 'experiments', 'sweeps', 'qtest.yaml');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, yaml);
    const opened = await openSweep(file);
    if ('stage' in opened) throw new Error(formatSweepFileIssues(opened).join('\n'));
    return { root, opened, request: { sweep: 'qtest', baseDir: dirname(file), plugins: [], catalog: opened.catalog, store: storeAt(root) } satisfies ExecuteRequest };
  };
  const [local, coordinator, machine] = await Promise.all([open(), open(), open()]);
  const threads = localExecutor({ workers: 2 });
  const byThreads = await rounds(local.opened, threads, local.request).finally(() => threads.close());
  const address = nextQueue();
  await worker(address, machine.root, { concurrency: 2 });
  const byQueue = await rounds(coordinator.opened, queueExecutor(address, { root: coordinator.root, pollMs: 100 }), coordinator.request);
  return { byThreads, byQueue, local, coordinator };
}

function recordBytes(store: RunStore, sweep: string): Record<string, string> {
  return Object.fromEntries(store.runIds(sweep).map((id) => [id, readFileSync(join(store.runDir(sweep, id), RECORD_FILE), 'utf8')]));
}

let redis: LocalRedis;
let queueCount = 0;
const nextQueue = (): QueueAddress => parseQueueAddress(redis.queueUrl(`runner-test-${queueCount++}`));
const workers: RunningQueueWorker[] = [];

async function worker(address: QueueAddress, root: string, { events = [] as QueueWorkerEvent[], concurrency = 1 } = {}): Promise<RunningQueueWorker> {
  const started = await startQueueWorker(address, { root, concurrency, stallTimeoutMs: 5000, onEvent: (e) => events.push(e) });
  workers.push(started);
  return started;
}

beforeAll(async () => {
  redis = await startLocalRedis();
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close(true)));
  await redis?.stop();
});

describe('a sweep on the queue', () => {
  it('stores the same bytes as the same sweep run locally, and reports progress for every run', async () => {
    const coordinator = await workspace(0.5);
    const local = await workspace(0.5);
    const machine = await workspace(0.5);
    const plugins = pluginRefs(coordinator.sweep.plugins, coordinator.catalog);
    expect(plugins).toEqual([{ source: '../plugins/half.ts', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);

    // Both executors, given the same request: threads here, and a worker of another machine through Redis.
    const request = (at: Workspace): ExecuteRequest => ({ sweep: 'qtest', baseDir: join(at.root, at.baseDir), plugins: at.sweep.plugins, catalog: at.catalog, store: storeAt(at.root) });
    const threads = localExecutor({ workers: 1 });
    await threads.execute(local.specs, request(local)).finally(() => threads.close());
    const address = nextQueue();
    await worker(address, machine.root, { concurrency: 2 });
    const progress: number[] = [];
    const queue = queueExecutor(address, { root: coordinator.root, pollMs: 100 });
    const summary = await queue.execute(coordinator.specs, { ...request(coordinator), onProgress: (e) => progress.push(e.done) });

    expect(summary).toMatchObject({ total: 4, skipped: 0, added: 4, outstanding: 0, interrupted: false, completed: { finished: 4, diverged: 0, failed: 0 } });
    expect(progress).toEqual([1, 2, 3, 4]);
    const expected = recordBytes(storeAt(local.root), 'qtest');
    expect(Object.keys(expected)).toHaveLength(4);
    expect(recordBytes(storeAt(coordinator.root), 'qtest')).toEqual(expected);
    // Meta (wall time, machine) travels too, apart from the record.
    expect(storeAt(coordinator.root).read('qtest', coordinator.specs[0].runId).meta?.runId).toBe(coordinator.specs[0].runId);

    // Collected jobs are removed from Redis; a second run finds everything stored and queues nothing.
    const again = await runOnQueue(address, coordinator.specs, { sweep: 'qtest', store: storeAt(coordinator.root), baseDir: coordinator.baseDir, plugins });
    expect(again).toMatchObject({ skipped: 4, added: 0, completed: { finished: 0, diverged: 0, failed: 0 } });
    const status = await queueStatus(address, storeAt(coordinator.root), 'qtest', coordinator.specs.map((s) => s.runId));
    expect(status).toMatchObject({ total: 4, stored: 4, waiting: 0, active: 0, completed: 0, failed: 0, notQueued: 0, workers: 1 });
  }, 30_000);

  it('runs adaptive replicates round by round: the same runs and bytes as on local threads', async () => {
    // Three learning rates on the noisy ravine: 3 replicates each, then rounds of 3 more where the verdict is open.
    const adaptiveYaml = sweepYaml
      .replace('replicates: 2', 'replicates: { min: 3, max: 9, step: 3 }')
      .replace(/plugins:\n {2}- \.\.\/plugins\/half\.ts\n/, '')
      .replace(/parameters:[\s\S]*$/, 'parameters:\n  optimizer.lr: { values: [0.01, 0.02, 0.04] }\n');
    const open = async () => {
      const root = tempFolder('descent-queue-');
      const file = join(root, 'experiments', 'sweeps', 'qtest.yaml');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, adaptiveYaml);
      const opened = await openSweep(file);
      if ('stage' in opened) throw new Error(formatSweepFileIssues(opened).join('\n'));
      return { root, opened, request: { sweep: 'qtest', baseDir: dirname(file), plugins: [], catalog: opened.catalog, store: storeAt(root) } satisfies ExecuteRequest };
    };
    const [local, coordinator, machine] = await Promise.all([open(), open(), open()]);
    const threads = localExecutor({ workers: 2 });
    const byThreads = await runReplicates(local.opened, threads, local.request).finally(() => threads.close());
    const address = nextQueue();
    await worker(address, machine.root, { concurrency: 2 });
    const byQueue = await runReplicates(coordinator.opened, queueExecutor(address, { root: coordinator.root, pollMs: 100 }), coordinator.request);

    expect(byThreads.rounds).toBeGreaterThan(1);
    expect(byQueue).toMatchObject({ rounds: byThreads.rounds, stopped: byThreads.stopped, standings: byThreads.standings });
    expect(byQueue.runs.map((s) => s.runId)).toEqual(byThreads.runs.map((s) => s.runId));
    expect(recordBytes(storeAt(coordinator.root), 'qtest')).toEqual(recordBytes(storeAt(local.root), 'qtest'));
  }, 60_000);

  it('runs bayes search round by round: the same proposals and bytes as on local threads', async () => {
    // Ten configurations of lr × momentum on the noisy ravine: 4 quasirandom, then rounds of 3 proposed by TPE.
    const { byThreads, byQueue, local, coordinator } = await searchedBothWays(searchYaml('method: bayes\nsamples: 10\nstartup: 4\nbatch: 3'), runBayes);
    expect(byThreads).toMatchObject({ rounds: 3, configurations: 10, stopped: 'sampled' });
    expect(byQueue).toMatchObject({ rounds: 3, configurations: 10, stopped: 'sampled' });
    expect(byQueue.runs.map((s) => s.runId)).toEqual(byThreads.runs.map((s) => s.runId));
    expect(recordBytes(storeAt(coordinator.root), 'qtest')).toEqual(recordBytes(storeAt(local.root), 'qtest'));
  }, 60_000);

  it('runs early termination rung by rung: the same rung runs, pruning and bytes as on local threads', async () => {
    // Twelve quasirandom configurations with Hyperband (rungs at 10, 30 and 60 steps), two replicates each.
    const yaml = searchYaml('method: quasirandom\nsamples: 12\nreplicates: 2\nearly_terminate: { type: hyperband, min_budget: 10, eta: 3 }');
    const { byThreads, byQueue, local, coordinator } = await searchedBothWays(yaml, runEarlyTerminated);

    // Brackets of 9 (from 10 steps) and the 3 left of ⌈3/2·3⌉ = 5 (from 30 steps).
    expect(byThreads).toMatchObject({ configurations: 12, brackets: 2, stopped: 'done' });
    expect(byThreads.statuses.pruned).toBeGreaterThan(0);
    expect(byQueue).toMatchObject({ configurations: 12, brackets: 2, stopped: 'done', statuses: byThreads.statuses, redecided: [] });
    expect(byQueue.runs.map((s) => s.runId)).toEqual(byThreads.runs.map((s) => s.runId));
    expect(recordBytes(storeAt(coordinator.root), 'qtest')).toEqual(recordBytes(storeAt(local.root), 'qtest'));
    const rungs = (root: string) => recordBytes(new RunStore(join(storeAt(root).sweepDir('qtest'), '.rungs')), 'qtest');
    expect(Object.keys(rungs(coordinator.root)).length).toBeGreaterThan(0);
    expect(rungs(coordinator.root)).toEqual(rungs(local.root));
  }, 60_000);

  it('detached: jobs wait in Redis, status counts them, and a result collected twice at once is stored once', async () => {
    const coordinator = await workspace(0.5);
    const machine = await workspace(0.5);
    const address = nextQueue();
    const store = storeAt(coordinator.root);
    const runIds = coordinator.specs.map((s) => s.runId);
    const plugins = pluginRefs(coordinator.sweep.plugins, coordinator.catalog);
    const options = { sweep: 'qtest', store, baseDir: coordinator.baseDir, plugins, detach: true };

    const detached = await runOnQueue(address, coordinator.specs, options);
    expect(detached).toMatchObject({ added: 4, outstanding: 4, completed: { finished: 0, diverged: 0, failed: 0 } });
    // Enqueueing again adds nothing: job ids are <sweep>/<runId>.
    expect((await runOnQueue(address, coordinator.specs, options)).added).toBe(0);
    expect(await queueStatus(address, store, 'qtest', runIds)).toMatchObject({ waiting: 4, active: 0, completed: 0, stored: 0, workers: 0 });

    await worker(address, machine.root);
    for (let waited = 0; (await queueStatus(address, store, 'qtest', runIds)).completed < 4; waited += 100) {
      expect(waited).toBeLessThan(20_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(store.runIds('qtest')).toEqual([]); // finished on the worker, not collected yet

    // Two coordinators collect the same finished jobs at the same moment: each run is stored once.
    const [first, second] = await Promise.all([collectFromQueue(address, store, 'qtest', runIds), collectFromQueue(address, store, 'qtest', runIds)]);
    const storedCount = [...first, ...second].filter((run) => run.stored).length;
    expect(storedCount).toBe(4);
    expect(store.runIds('qtest')).toEqual([...runIds].sort());
    expect(await queueStatus(address, store, 'qtest', runIds)).toMatchObject({ stored: 4, completed: 0, waiting: 0 });
  }, 30_000);

  it("a worker with another version of a plugin, or without it, fails that plugin's runs at once with a clear message, and trains the built-in ones", async () => {
    const coordinator = await workspace(0.5);
    const otherVersion = await workspace(0.25);
    const noPlugin = await workspace(null);
    const plugins = pluginRefs(coordinator.sweep.plugins, coordinator.catalog);
    const otherSha = pluginRefs(otherVersion.sweep.plugins, otherVersion.catalog)[0].sha256;

    for (const [machine, expected] of [
      [otherVersion, `plugin experiments/plugins/half.ts: this worker has a different version (sha256 ${otherSha.slice(0, 16)}), expected ${plugins[0].sha256.slice(0, 16)}`],
      [noPlugin, `plugin experiments/plugins/half.ts: this worker cannot load it (file not found: ${join(noPlugin.root, 'experiments/plugins/half.ts')}`],
    ] as const) {
      const address = nextQueue();
      const store = new RunStore(tempFolder('descent-queue-store-'));
      const events: QueueWorkerEvent[] = [];
      await worker(address, machine.root, { events });
      const summary = await runOnQueue(address, coordinator.specs, { sweep: 'qtest', store, baseDir: coordinator.baseDir, plugins, pollMs: 100 });

      // A thread imports only the plugin of the run it trains: the built-in momentum runs do not need half.ts.
      expect(summary.completed).toEqual({ finished: 2, diverged: 0, failed: 2, pruned: 0 });
      for (const { record } of store.readAll('qtest')) {
        if (record.config.optimizer.name === 'momentum') {
          expect(record.status).toBe('finished');
          continue;
        }
        expect(record.status).toBe('failed');
        // Refused once, not retried: no "(2 attempts)".
        expect(record.error?.message.startsWith(`failed on a queue worker: ${expected}`)).toBe(true);
        expect(record.error?.plugin).toBe('experiments/plugins/half.ts');
      }
      expect(events.filter((e) => e.type === 'started')).toHaveLength(4);
      expect(events.filter((e) => e.type === 'refused')).toHaveLength(2);
    }
  }, 30_000);
});

describe('a plugin file outside the worker\'s workspace', () => {
  it('is imported by a queue worker only when allowed with allowPlugins (exp worker --allow-plugin)', async () => {
    const far = join(tempFolder('descent-queue-far-'), 'half.ts');
    writeFileSync(far, halfStep(0.5));
    const root = tempFolder('descent-queue-');
    const file = join(root, 'experiments', 'sweeps', 'qtest.yaml');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, sweepYaml.replace('../plugins/half.ts', far));
    const opened = await openSweep(file);
    if ('stage' in opened) throw new Error(formatSweepFileIssues(opened).join('\n'));
    const plugins = pluginRefs(opened.sweep.plugins, opened.catalog);
    for (const allowPlugins of [[], [far]]) {
      const address = nextQueue();
      const store = new RunStore(tempFolder('descent-queue-store-'));
      workers.push(await startQueueWorker(address, { root, concurrency: 1, stallTimeoutMs: 5000, allowPlugins }));
      const summary = await runOnQueue(address, opened.specs, { sweep: 'qtest', store, baseDir: 'experiments/sweeps', plugins, pollMs: 100 });
      expect(summary.completed).toEqual(allowPlugins.length === 0 ? { finished: 2, diverged: 0, failed: 2, pruned: 0 } : { finished: 4, diverged: 0, failed: 0, pruned: 0 });
      for (const { record } of store.readAll('qtest')) {
        if (record.status !== 'failed') continue;
        expect(record.error?.message).toContain(`is outside the workspace ${root}`);
        expect(record.error?.message).toContain(`exp worker --allow-plugin ${far}`);
      }
    }
  }, 30_000);
});

describe('an unreachable Redis', () => {
  it('gives a clear message within the connect timeout, for the coordinator and for a worker', async () => {
    // A port nothing listens on: bind one, release it.
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const address = parseQueueAddress(`redis://127.0.0.1:${port}`);
    const started = Date.now();
    const message = `cannot reach Redis at redis://127.0.0.1:${port}: connection refused (no Redis server listens there; start one, or fix --queue)`;
    await expect(runOnQueue(address, [], { sweep: 'qtest', store: new RunStore(tmpdir()), baseDir: '.', plugins: [] })).rejects.toThrow(message);
    await expect(startQueueWorker(address, { root: tmpdir() })).rejects.toThrow(message);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
