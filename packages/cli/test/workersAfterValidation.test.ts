import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, runExp, writeSweep } from './_exp.js';

// `exp run` reads and validates every sweep file before it starts a worker thread, and bounds --workers.
// What it starts is observed in the real child process: a preload counts the threads constructed
// (piscina makes them with worker_threads' Worker, looked up when it starts each one).
const counter = `
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
const threads = createRequire(import.meta.url)('node:worker_threads');
if (threads.isMainThread) {
  const Worker = threads.Worker;
  let started = 0;
  threads.Worker = class extends Worker { constructor(...args) { super(...args); started++; } };
  process.on('exit', () => writeFileSync(process.env.THREADS_STARTED_FILE, String(started)));
}
`;

/** `exp ...args` as a child process, and how many worker threads it started. */
async function runCounting(root: string, args: string[]): Promise<{ code: number; stderr: string; threads: number }> {
  const preload = join(root, 'count-threads.mjs');
  writeFileSync(preload, counter);
  const file = join(root, 'threads-started');
  const { code, stderr } = await runExp(root, args, { NODE_OPTIONS: `--import=${preload}`, THREADS_STARTED_FILE: file });
  return { code, stderr, threads: Number(readFileSync(file, 'utf8')) };
}

const valid = `
name: small
seed: 1
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 20 }
metric: { name: loss, goal: minimize }
parameters:
  optimizer.lr: { values: [0.01, 0.02] }
`;

const bound = 4 * availableParallelism();

describe('exp run starts worker threads only for valid sweeps', { timeout: 60_000 }, () => {
  it('starts the threads it is given for a valid sweep (the count is seen)', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'small', valid);
    const { code, threads } = await runCounting(root, ['run', 'sweeps/small.yaml', '--workers', '2', '--no-report']);
    expect(code).toBe(0);
    expect(threads).toBe(2);
  });

  it('reports an invalid sweep file with the most threads allowed, and starts none', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'small', valid);
    writeSweep(root, 'broken', valid.replace('name: small', 'name: broken').replace('lr: 0.01 }', 'lr: 0.01, momentum: [ }'));
    const started = performance.now();
    const { code, stderr, threads } = await runCounting(root, ['run', 'sweeps/small.yaml', 'sweeps/broken.yaml', '--workers', String(bound)]);
    expect(stderr).toMatch(/^experiments\/sweeps\/broken\.yaml:6:\d+: /);
    expect(code).toBe(1);
    expect(threads).toBe(0);
    console.log(`invalid sweep, --workers ${bound}: reported in ${Math.round(performance.now() - started)} ms`);
  });

  it('refuses more than 4 threads per core, naming the value and the bound, before reading the sweep', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'small', valid);
    const { code, stderr, threads } = await runCounting(root, ['run', 'sweeps/small.yaml', '--workers', String(bound + 1)]);
    expect(stderr).toBe(
      `run: --workers ${bound + 1} is more than ${bound}, 4 per CPU core (${availableParallelism()} here): each run trains on one core, so more threads only cost memory and start-up time; use --workers ${bound} or fewer, or leave it out for one per core\n`,
    );
    expect(code).toBe(2);
    expect(threads).toBe(0);
  });
});
