import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ExecuteRequest } from '../executor.js';
import { localExecutor } from '../localExecutor.js';
import { formatSweepFileIssues, openSweep } from '../openSweep.js';
import { StorageError } from '../storageError.js';
import { RECORD_FILE, RunStore } from '../store.js';
import { crampedFolder } from '../testing/crampedFolder.js';
import { tempFolder } from '../testing/tempFolder.js';
import { startLocalRedis, type LocalRedis } from './_localRedis.js';
import { parseQueueAddress } from './queueAddress.js';
import { queueExecutor } from './queueExecutor.js';
import { startQueueWorker, type RunningQueueWorker } from './queueWorker.js';

// The coordinator of a queued sweep stores the results: when its disk is full it stops with a StorageError,
// records no run as failed, and the results it could not store stay in Redis for the next invocation.

const sweepYaml = `
name: qfull
seed: 3
replicates: 6
problem:
  landscape: { name: ravine, noise: 0.5 }
optimizer: { name: momentum, lr: 0.01, momentum: 0.5 }
train: { batch_size: 4, steps: 400 }
metric: { name: loss, goal: minimize }
`;

async function workspace() {
  const root = tempFolder('descent-queue-');
  const file = join(root, 'experiments', 'sweeps', 'qfull.yaml');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, sweepYaml);
  const opened = await openSweep(file);
  if ('stage' in opened) throw new Error(formatSweepFileIssues(opened).join('\n'));
  const store = new RunStore(join(root, 'experiments', 'runs'));
  const request: ExecuteRequest = { sweep: 'qfull', baseDir: dirname(file), plugins: [], catalog: opened.catalog, store };
  return { root, specs: opened.specs, store, request };
}

const recordBytes = (store: RunStore) => Object.fromEntries(store.runIds('qfull').map((id) => [id, readFileSync(join(store.runDir('qfull', id), RECORD_FILE), 'utf8')]));

let redis: LocalRedis;
let worker: RunningQueueWorker | null = null;
beforeAll(async () => {
  redis = await startLocalRedis();
});
afterAll(async () => {
  await worker?.close(true);
  await redis?.stop();
});

it('a full disk under the coordinator stops the queued sweep; the next invocation collects what Redis kept, byte for byte', async () => {
  const local = await workspace();
  const threads = localExecutor({ workers: 2 });
  await threads.execute(local.specs, local.request).finally(() => threads.close());
  const expected = recordBytes(local.store);
  expect(Object.keys(expected)).toHaveLength(6);

  const coordinator = await workspace();
  const machine = await workspace();
  // Room for some of the six runs, not all: each takes about 24 KB of pages (a 20 KB record.json and its meta.json).
  const cramped = crampedFolder(coordinator.store.root, '88k');
  console.log(`full disk under the coordinator's store: ${cramped.why}`);
  try {
    const address = parseQueueAddress(redis.queueUrl('runner-full-disk'));
    worker = await startQueueWorker(address, { root: machine.root, concurrency: 2, stallTimeoutMs: 5000 });
    const queue = queueExecutor(address, { root: coordinator.root, pollMs: 100 });
    const error = await queue.execute(coordinator.specs, coordinator.request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).reason).toBe(cramped.reason);
    const kept = coordinator.store.runIds('qfull');
    if (cramped.how === 'tmpfs') expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(6);
    expect(Object.values(recordBytes(coordinator.store)).filter((bytes) => !bytes.includes('"status":"finished"'))).toEqual([]);
    expect(readdirSync(coordinator.store.sweepDir('qfull')).filter((e) => e.includes('.tmp-'))).toEqual([]);

    cramped.widen();
    const summary = await queue.execute(coordinator.specs, coordinator.request);
    expect(summary.completed.failed).toBe(0);
    expect(recordBytes(coordinator.store)).toEqual(expected);
  } finally {
    cramped.release();
  }
}, 60_000);
