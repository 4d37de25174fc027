import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRedis, type LocalRedis } from '@descent/runner/testing';
import { exited, expIn, makeWorkspace, recordBytes, runExp, spawnExp, storedRuns, waitFor, writeSweep } from './_exp.js';

/**
 * `exp run --queue`, `exp worker`, `exp status`, `exp report --queue` and `exp run --shard` as a user
 * types them, against a real redis-server on loopback. Every workspace stands for a machine of its
 * own: the same sweep and plugin files, and only the coordinator's store receives records.
 */

// Runs the plugin optimizer and a built-in, two replicates each: four runs of about a tenth of a second.
const sweepYaml = `
name: q
seed: 11
replicates: 2
plugins:
  - ../plugins/scaled.ts
problem:
  dataset: { name: moons, size: 200, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [16], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: momentum, lr: 0.05, momentum: 0.9 }
train: { batch_size: 4, epochs: 40 }
metric: { name: test_loss, goal: minimize }
parameters:
  optimizer:
    values:
      - { name: momentum, lr: 0.05, momentum: 0.9 }
      - { name: scaled_descent, lr: 0.1 }
`;

const plugin = `
export default {
  name: 'scaled_descent',
  description: 'gradient descent with half-size steps, for the queue tests',
  rule: 'θ ← θ − ½·α·g',
  hyperparameters: { lr: { type: 'number', default: 0.01, min: 0, log: true, description: 'learning rate' } },
  init: () => ({}),
  update({ params, grads, state, hp }) {
    params.forEach((theta, p) => theta.forEach((x, i) => (theta[i] = x - 0.5 * hp.lr * grads[p][i])));
    return { params, state };
  },
};
`;

/** A workspace with the sweep file and its plugin, as a checkout on one machine. */
function machine(): string {
  const root = makeWorkspace();
  writeSweep(root, 'q', sweepYaml);
  mkdirSync(join(root, 'experiments', 'plugins'));
  writeFileSync(join(root, 'experiments', 'plugins', 'scaled.ts'), plugin);
  return root;
}

let redis: LocalRedis;
let local: string;
let expected: Map<string, string>;
let queues = 0;
const nextQueue = () => redis.queueUrl(`cli-test-${queues++}`);
const children: ReturnType<typeof spawnExp>[] = [];
const spawnTracked = (root: string, args: string[]) => {
  const child = spawnExp(root, args);
  children.push(child);
  return child;
};

beforeAll(async () => {
  redis = await startLocalRedis();
  // The reference: the same sweep run locally, in one thread.
  local = machine();
  const run = await expIn(local, ['run', 'sweeps/q.yaml', '--workers', '1', '--no-report']);
  expect(run.code, run.stderr).toBe(0);
  expected = recordBytes(local, 'q');
  expect(expected.size).toBe(4);
}, 30_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await redis?.stop();
});

describe('exp run --queue with exp worker processes', () => {
  it('a worker killed mid-run leaves its run to another; the store equals a local run byte for byte', async () => {
    const queue = nextQueue();
    const coordinatorRoot = machine();
    const workerRoot = machine();
    // The coordinator runs in this process (one process start-up less); the workers are real processes.
    const coordinator = expIn(coordinatorRoot, ['run', 'sweeps/q.yaml', '--queue', queue, '--no-report']);

    // Worker A takes one run at a time and is killed (SIGKILL: no goodbye) as soon as it has taken one.
    const first = spawnTracked(workerRoot, ['worker', '--queue', queue, '--concurrency', '1', '--stall-timeout', '1.5']);
    await waitFor(() => / took q\/[0-9a-f]{12}/.test(first.output.stdout), 20_000);
    const killedJob = / took (q\/[0-9a-f]{12})/.exec(first.output.stdout)![1];
    first.kill('SIGKILL');
    expect(await exited(first)).toBe(128 + 9);
    expect(first.output.stdout).not.toMatch(/finished q\//); // killed before finishing anything

    const second = spawnTracked(workerRoot, ['worker', '--queue', queue, '--concurrency', '1', '--stall-timeout', '1.5']);
    const { code, stdout, stderr } = await coordinator;
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`q: 4 runs on ${queue.replace(/\/\?/, '?')} (4 queued now)`);
    expect(stdout).toContain('q: 4 finished, 0 diverged, 0 failed this time');

    // The other worker's stalled-job check put the killed worker's run back in the queue, and it ran it.
    expect(second.output.stdout).toContain(`${killedJob}: its worker stopped answering; the run is back in the queue`);
    expect(second.output.stdout).toContain(`finished ${killedJob}`);
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
    expect(second.output.stdout).toContain('worker: stopped');

    expect(recordBytes(coordinatorRoot, 'q')).toEqual(expected);
    expect(storedRuns(workerRoot, 'q')).toEqual([]); // workers keep nothing: results travel back through Redis
  }, 60_000);

  it('--detach queues and returns; status counts the runs; report --queue collects them', async () => {
    const queue = nextQueue();
    const coordinatorRoot = machine();
    const detached = await expIn(coordinatorRoot, ['run', 'sweeps/q.yaml', '--queue', queue, '--detach']);
    expect(detached.code, detached.stderr).toBe(0);
    expect(detached.stdout).toMatch(/q: 4 runs on \S+ \(4 queued now\); follow them with `pnpm exp status q --queue \S+`, collect them with `pnpm exp run sweeps\/q.yaml --queue \S+`/);

    const before = await expIn(coordinatorRoot, ['status', 'q', '--queue', queue]);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toMatch(/^q: 4 runs on \S+, 0 done \(0%\)\n {2}waiting {4}4\n {2}active {5}0\n {2}completed {2}0\n {2}failed {5}0\n {2}stored {5}0 .*\nworkers: 0 connected\n$/);

    const worker = spawnTracked(machine(), ['worker', '--queue', queue, '--concurrency', '1']);
    await waitFor(() => (worker.output.stdout.match(/finished q\//g) ?? []).length === 4, 30_000);
    const after = await expIn(coordinatorRoot, ['status', 'sweeps/q.yaml', '--queue', queue]);
    expect(after.stdout).toContain('q: 4 runs on');
    expect(after.stdout).toMatch(/completed {2}4 /);
    expect(after.stdout).toContain('workers: 1 connected');

    const report = await expIn(coordinatorRoot, ['report', 'q', '--queue', queue]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('q: collected 4 results from');
    expect(report.stdout).toContain('report: ');
    expect(recordBytes(coordinatorRoot, 'q')).toEqual(expected);
    worker.kill('SIGTERM');
    expect(await exited(worker)).toBe(0);
  }, 60_000);

  it('an unreachable Redis: a clear message and a non-zero exit, quickly', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const root = machine();
    const started = Date.now();
    // The worker as a real process (it must exit, not hang on reconnect timers); the coordinator in-process.
    const [run, worker] = await Promise.all([
      expIn(root, ['run', 'sweeps/q.yaml', '--queue', `redis://127.0.0.1:${port}`]),
      runExp(root, ['worker', '--queue', `redis://127.0.0.1:${port}`]),
    ]);
    const refused = `cannot reach Redis at redis://127.0.0.1:${port}: connection refused (no Redis server listens there; start one, or fix --queue)`;
    expect([run.code, run.stderr.trim()]).toEqual([1, `run: ${refused}`]);
    expect([worker.code, worker.stderr.trim()]).toEqual([1, `worker: ${refused}`]);
    expect(Date.now() - started).toBeLessThan(10_000); // a process start-up included; no reconnect loop
    expect(storedRuns(root, 'q')).toEqual([]);
  }, 30_000);

  it('a worker whose Redis has gone away still stops promptly on SIGTERM', async () => {
    // A server of its own, since this test stops it (never the shared one DESCENT_REDIS_URL may name).
    const own = await startLocalRedis({ own: true });
    try {
      const worker = spawnTracked(machine(), ['worker', '--queue', own.queueUrl('gone'), '--concurrency', '1']);
      await waitFor(() => worker.output.stdout.includes('worker: taking runs from'), 20_000);
      await own.stop();
      await new Promise((r) => setTimeout(r, 500)); // the worker notices the closed connection and starts reconnecting
      const signalled = Date.now();
      worker.kill('SIGTERM');
      const code = await exited(worker);
      // It used to wait on BullMQ's close for a server that was not coming back: over 40 s, for ever in effect.
      expect(Date.now() - signalled, worker.output.stderr).toBeLessThan(10_000);
      expect(code).toBe(0);
      expect(worker.output.stdout).toContain('worker: stopped');
    } finally {
      await own.stop();
    }
  }, 40_000);
});

describe('exp run --shard', () => {
  it('two shards into one store give exactly the local run, and neither runs a run of the other', async () => {
    const root = machine();
    const zero = await expIn(root, ['run', 'sweeps/q.yaml', '--shard', '0/2', '--workers', '1', '--no-report']);
    const afterZero = storedRuns(root, 'q');
    const one = await expIn(root, ['run', 'sweeps/q.yaml', '--shard', '1/2', '--workers', '1']);
    expect([zero.code, one.code]).toEqual([0, 0]);
    const all = [...expected.keys()].sort();
    expect(afterZero.length).toBeGreaterThan(0);
    expect(afterZero.length).toBeLessThan(4);
    // Shard 1 skipped nothing and ran only the rest: its own count is 4 minus shard 0's.
    expect(one.stdout).toContain(`q: ${4 - afterZero.length} finished, 0 diverged, 0 failed this time`);
    expect(recordBytes(root, 'q')).toEqual(expected);
    expect(storedRuns(root, 'q')).toEqual(all);
    // The dry run lists a shard's runs: the same ones, every time.
    const dry = await expIn(root, ['run', 'sweeps/q.yaml', '--shard', '0/2', '--dry-run']);
    expect(dry.stdout).toContain(`q: ${afterZero.length} run${afterZero.length === 1 ? '' : 's'} (shard 0/2 of 4)`);
    for (const id of afterZero) expect(dry.stdout).toContain(`  ${id}  replicate`);
  }, 30_000);

  it('refuses a shard that is not 0 ≤ i < n, and --detach without --queue, naming what was given', async () => {
    const root = machine();
    const wrong = await expIn(root, ['run', 'sweeps/q.yaml', '--shard', '2/2']);
    expect([wrong.code, wrong.stderr.trim()]).toEqual([2, "run: --shard: the index i must be below n = 2, counting from 0 (got '2/2'; expected i/n with whole numbers 0 ≤ i < n, e.g. 0/4 … 3/4 for four machines)"]);
    const detach = await expIn(root, ['run', 'sweeps/q.yaml', '--detach']);
    expect([detach.code, detach.stderr.trim()]).toEqual([2, 'run: --detach needs --queue redis://host:port (it leaves the runs on that queue)']);
    const badUrl = await expIn(root, ['run', 'sweeps/q.yaml', '--queue', 'localhost:6379']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain("run: --queue: the scheme 'localhost' is not redis or rediss (got 'localhost:6379'");
    expect(storedRuns(root, 'q')).toEqual([]);
  });
});
