import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { tempFolder } from '@descent/runner/testing';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { formatScaling, pairedRatios, parseProcessCpu, parseThroughput, parseThroughputs, runSweepFromScratch, shippedSweeps } from './sweepScaling.js';

describe('parseThroughput', () => {
  it("reads runs, workers and the printed rate from exp run's summary line", () => {
    const output = 'momentum: 120 finished, 0 diverged, 0 failed this time\n120 runs in 3.3 s on 2 workers (36.4 runs/s)\n';
    expect(parseThroughput(output)).toEqual({ runs: 120, workers: 2, runsPerSecond: 36.4 });
    expect(parseThroughput('7 runs in 0.5 s on 1 worker (14.0 runs/s)')).toEqual({ runs: 7, workers: 1, runsPerSecond: 14 });
    expect(parseThroughput('1 run in 0.5 s on 1 worker (2.0 runs/s)')).toEqual({ runs: 1, workers: 1, runsPerSecond: 2 });
  });

  it('is null when the run printed no throughput (nothing ran, or it failed)', () => {
    expect(parseThroughput('momentum: 0 finished, 0 diverged, 0 failed this time; 120 skipped (already finished)')).toBeNull();
  });
});

describe('pairedRatios', () => {
  it('divides within each round, then takes the median and range', () => {
    // rounds: 36/30 = 1.2, 50/25 = 2, 27/30 = 0.9 -> sorted 0.9, 1.2, 2
    expect(pairedRatios([36, 50, 27], [30, 25, 30])).toEqual({ rounds: [1.2, 2, 0.9], median: 1.2, min: 0.9, max: 2 });
  });

  it('refuses rounds that do not pair up', () => {
    expect(() => pairedRatios([1, 2], [1])).toThrow(/2 numerators for 1 denominators/);
  });
});

describe('formatScaling', () => {
  it('prints the median and the range with two decimals', () => {
    expect(formatScaling({ rounds: [1.5, 1.25, 1.625], median: 1.5, min: 1.25, max: 1.625 })).toBe('1.50x (1.25–1.63x)');
  });
});

describe('parseProcessCpu', () => {
  it('reads the CPU line the process printed on exit, in seconds of user + system time', () => {
    expect(parseProcessCpu('12 runs in 0.5 s on 1 worker (24.0 runs/s)\n\n@descent-process-cpu {"user":1500000,"system":250000}\n')).toBe(1.75);
    expect(parseProcessCpu('12 runs in 0.5 s on 1 worker (24.0 runs/s)\n')).toBeNull();
  });
});

describe('runSweepFromScratch', () => {
  it("times a real exp run: its own throughput line, and the whole process's wall and CPU seconds", async () => {
    const experiments = tempFolder('descent-sweep-from-scratch-');
    mkdirSync(join(experiments, 'sweeps'));
    mkdirSync(join(experiments, 'plugins'));
    // 4 runs of a 2-D landscape, 200 steps each.
    writeFileSync(join(experiments, 'sweeps', 'tiny.yaml'), 'name: tiny\nseed: 1\nreplicates: 2\nmethod: grid\nproblem: { landscape: { name: ravine } }\noptimizer: { name: sgd, lr: 0.01 }\ntrain: { batch_size: 1, steps: 200 }\nparameters:\n  optimizer.lr: { values: [0.01, 0.02] }\n');
    const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
    const run = await runSweepFromScratch(repoRoot, 'tiny', 1, { experiments });
    expect(run.runs).toBe(4);
    // Loading Node and the CLI alone takes a good fraction of a CPU second; a process cannot use more CPU than 2 cores × its wall time here.
    expect(run.cpuSeconds).toBeGreaterThan(0.05);
    expect(run.cpuSeconds).toBeLessThan(run.processSeconds * 4);
    expect(run.trainingSeconds).toBeCloseTo(run.runs / run.runsPerSecond, 10);
    expect(run.trainingSeconds).toBeLessThan(run.processSeconds);
  }, 60_000);

  it('runs several sweeps in one exp run, one reading its CSV from data/, and sums their runs and training', async () => {
    const experiments = tempFolder('descent-sweeps-from-scratch-');
    for (const folder of ['sweeps', 'plugins', 'data']) mkdirSync(join(experiments, folder));
    writeFileSync(join(experiments, 'sweeps', 'tiny.yaml'), 'name: tiny\nseed: 1\nreplicates: 2\nmethod: grid\nproblem: { landscape: { name: ravine } }\noptimizer: { name: sgd, lr: 0.01 }\ntrain: { batch_size: 1, steps: 200 }\nparameters:\n  optimizer.lr: { values: [0.01, 0.02] }\n');
    // 3 runs on a file of the data folder: the workspace gets a copy of it, or the sweep is refused.
    const rows = Array.from({ length: 40 }, (_, i) => `${(i % 10) / 10},${(i % 7) / 7},${i % 10 < 5 ? 'a' : 'b'}`);
    writeFileSync(join(experiments, 'data', 'points.csv'), ['x1,x2,label', ...rows].join('\n') + '\n');
    writeFileSync(join(experiments, 'sweeps', 'points.yaml'), 'name: points\nseed: 1\nreplicates: 3\nproblem:\n  dataset: { name: csv, path: ../data/points.csv, label: label, test_fraction: 0.25 }\n  model: { hidden: [4] }\noptimizer: { name: sgd, lr: 0.1 }\ntrain: { batch_size: 8, epochs: 2 }\nmetric: { name: test_accuracy, goal: maximize }\n');
    const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
    const alone = await Promise.all(['tiny', 'points'].map((sweep) => runSweepFromScratch(repoRoot, sweep, 1, { experiments })));
    const together = await runSweepFromScratch(repoRoot, ['tiny', 'points'], 2, { experiments });
    expect(alone.map((run) => run.runs)).toEqual([4, 3]);
    expect(together.runs).toBe(7);
    expect(together.trainingSeconds).toBeGreaterThan(0);
    expect(together.trainingSeconds).toBeLessThan(together.processSeconds);
  }, 120_000);
});

describe('parseThroughputs and shippedSweeps', () => {
  it("reads every sweep's throughput line of an exp run of several files, in order", () => {
    const output = 'a: 4 runs, 4 to do\n4 runs in 0.5 s on 2 workers (8.1 runs/s)\n\nb: 1 run\n1 run in 0.1 s on 1 worker (9.5 runs/s)\n';
    expect(parseThroughputs(output)).toEqual([
      { runs: 4, workers: 2, runsPerSecond: 8.1 },
      { runs: 1, workers: 1, runsPerSecond: 9.5 },
    ]);
    expect(parseThroughput(output)).toEqual({ runs: 4, workers: 2, runsPerSecond: 8.1 });
    expect(parseThroughputs('no runs here')).toEqual([]);
  });

  it('lists the sweep files the repository ships, by name', () => {
    const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
    const names = shippedSweeps(repoRoot);
    expect(names).toContain('momentum');
    expect(names).toContain('lecture');
    expect(names.every((name) => existsSync(join(repoRoot, 'experiments', 'sweeps', `${name}.yaml`)))).toBe(true);
    expect([...names].sort()).toEqual(names);
  });
});
