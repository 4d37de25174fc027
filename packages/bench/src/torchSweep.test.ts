import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSweep, type RunRecord } from '@descent/runner';
import { tempFolder } from '@descent/runner/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { findTorchPython, noTorchPythonMessage, type TorchPython } from './contenders/findTorchPython.js';
import { runSweepFromScratch } from './sweepScaling.js';
import { measureTorchSweep, parseTorchSweepTiming, runsOfStore, runTorchSweep, workDifferences, type TorchRunResult, type TorchSweepRun } from './torchSweep.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('parseTorchSweepTiming', () => {
  it("reads torch_sweep.py's last line, whatever torch printed before it", () => {
    const output = 'UserWarning: something torch says\n{"runs": 440, "seconds": 162.5, "cpuSeconds": 160.25, "torch": "1.13.0a0", "threads": 1}\n';
    expect(parseTorchSweepTiming(output)).toEqual({ runs: 440, seconds: 162.5, cpuSeconds: 160.25, torch: '1.13.0a0', threads: 1 });
  });

  it('refuses output without that line, or with a field missing or out of range, quoting the output', () => {
    expect(() => parseTorchSweepTiming('Traceback (most recent call last):\nValueError: boom\n')).toThrow(/expected a last line \{"runs", "seconds", "cpuSeconds", "torch", "threads"\}; the output ends:\nTraceback/);
    expect(() => parseTorchSweepTiming('{"runs": 3, "cpuSeconds": 1, "torch": "1.13", "threads": 1}')).toThrow(/expected a last line/);
    expect(() => parseTorchSweepTiming('{"runs": 3, "seconds": 0, "cpuSeconds": 1, "torch": "1.13", "threads": 1}')).toThrow(/expected a last line/);
    expect(() => parseTorchSweepTiming('{"runs": 2.5, "seconds": 1, "cpuSeconds": 1, "torch": "1.13", "threads": 1}')).toThrow(/expected a last line/);
    expect(() => parseTorchSweepTiming('{"runs": 3, "seconds": 1, "torch": "1.13", "threads": 1}')).toThrow(/expected a last line/);
  });
});

describe('workDifferences', () => {
  // Only the fields workDifferences reads; a run of 3 logged steps, 2 evaluations and 20 optimizer steps.
  const record = (runId: string, status: RunRecord['status'] = 'finished') => ({ runId, status, summary: { steps: 20 }, epochs: [{}, {}], steps: [{}, {}, {}] }) as unknown as RunRecord;
  const torch = (runId: string, steps = 20, evaluations = 2, logged = 3): TorchRunResult => ({
    runId,
    status: 'finished',
    steps: Array.from({ length: logged }, () => ({})),
    epochs: [],
    summary: { steps, examples: 0, evaluations, finalMetric: 0.1, bestMetric: 0.1, examplesToTarget: null },
  });

  it('is empty when both trained the same runs with the same steps, evaluations and logged steps', () => {
    expect(workDifferences([record('a'), record('b')], [torch('b'), torch('a')])).toEqual([]);
  });

  it('names runs only one side trained, and every count that differs', () => {
    expect(workDifferences([record('a'), record('b')], [torch('a', 19, 3, 2), torch('c')])).toEqual([
      'a: steps 20 in Descent, 19 in PyTorch',
      'a: evaluations 2 in Descent, 3 in PyTorch',
      'a: logged steps 3 in Descent, 2 in PyTorch',
      'b: trained by Descent, not by PyTorch',
      'c: trained by PyTorch, not by Descent',
    ]);
  });

  it('does not compare the counts of a run that diverged (it stops where it diverged, on one side only)', () => {
    expect(workDifferences([record('a', 'diverged')], [torch('a', 7, 1, 1)])).toEqual([]);
  });
});

// A small momentum sweep: the shipped sweep's problem and schedule, 200 points (150 to train, 50 to test),
// 2 epochs, 2 × 2 × 2 configurations × 2 replicates = 16 runs.
const TINY_SWEEP = `name: tiny-momentum
seed: 7
replicates: 2
method: grid
problem:
  dataset: { name: moons, size: 200, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [16], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: momentum, lr: 0.03, momentum: 0.9 }
schedule: { name: warmup_cosine, warmup: 5, min_factor: 0.1 }
train: { batch_size: 16, epochs: 2 }
metric: { name: test_loss, goal: minimize, target: 0.2 }
parameters:
  optimizer.lr: { values: [0.01, 0.3] }
  optimizer.momentum: { values: [0, 0.9] }
  train.batch_size: { values: [8, 64] }
`;

function tinyExperiments(): string {
  const experiments = tempFolder('descent-torch-sweep-test-');
  mkdirSync(join(experiments, 'sweeps'));
  mkdirSync(join(experiments, 'plugins'));
  writeFileSync(join(experiments, 'sweeps', 'tiny-momentum.yaml'), TINY_SWEEP);
  return experiments;
}

// No skipping: without torch every test below fails, saying how to install it (as pytorch.test.ts does).
describe('the PyTorch version of a sweep', { timeout: 120_000 }, () => {
  let python: TorchPython;
  beforeAll(() => {
    const found = findTorchPython();
    if (!found) throw new Error(`${noTorchPythonMessage()}; the tests' set-up installs it: run 'bash scripts/setup-test-env.sh' as root from the repo root`);
    python = found;
  }, 60_000);

  it('trains exactly the runs Descent expanded from the sweep file, with the same steps, evaluations and logged steps', async () => {
    const experiments = tinyExperiments();
    const opened = await openSweep(join(experiments, 'sweeps', 'tiny-momentum.yaml'));
    if (!('specs' in opened)) throw new Error(`the test sweep does not open: ${JSON.stringify(opened)}`);
    let runs: TorchSweepRun[] = [];
    let records: RunRecord[] = [];
    await runSweepFromScratch(repoRoot, 'tiny-momentum', 1, { experiments, inspectStore: (root) => ({ runs, records } = runsOfStore(root, 'tiny-momentum')) });
    // What goes to Python is Descent's own expansion of the file: the same run ids and resolved configurations.
    expect(runs.map((r) => r.runId).sort()).toEqual(opened.specs.map((s) => s.runId).sort());
    const specById = new Map(opened.specs.map((s) => [s.runId, s]));
    for (const run of runs) expect(run.config).toEqual(specById.get(run.runId)!.config);

    const torch = await runTorchSweep(python, runs);
    expect(torch.timing).toMatchObject({ runs: 16, threads: 1, torch: python.torchVersion });
    expect(torch.timing.cpuSeconds).toBeGreaterThan(0);
    expect(torch.results.map((r) => r.runId)).toEqual(runs.map((r) => r.runId));
    // Per batch size, by hand: 150 training rows, 19 batches of 8 (the last of 6) or 3 of 64 (the last of 22) per
    // epoch, 2 epochs; 3 evaluations (before training and after each epoch); logging every ceil(steps / 199) = 1 step.
    for (const result of torch.results) {
      const batchSize = specById.get(result.runId)!.config.train.batch_size;
      expect(result.summary.steps).toBe(batchSize === 8 ? 38 : 6);
      expect(result.summary.examples).toBe(300);
      expect(result.summary.evaluations).toBe(3);
      expect(result.steps).toHaveLength(batchSize === 8 ? 38 : 6);
    }
    expect(workDifferences(records, torch.results)).toEqual([]);
    // Every (lr, momentum, batch size) of the grid, twice (2 replicates), trained by PyTorch.
    const grid = torch.results.map((r) => {
      const { optimizer, train } = specById.get(r.runId)!.config;
      return `${optimizer.lr} ${optimizer.momentum} ${train.batch_size}`;
    });
    expect(new Set(grid).size).toBe(8);
    expect(grid).toHaveLength(16);
  });

  it('measures both whole sweeps and divides their runs/s, round by round', async () => {
    const result = await measureTorchSweep({ repoRoot, python, sweep: 'tiny-momentum', experiments: tinyExperiments() });
    expect(result).toMatchObject({ sweep: 'tiny-momentum', runs: 16, rounds: 1, torch: python.torchVersion });
    expect(result.ratio.median).toBeCloseTo(result.descent.median / result.pytorch.median, 12);
    expect(result.pytorch.median).toBeGreaterThan(0);
    expect(result.cpuRatio.median).toBeGreaterThan(0);
    // Two equivalent ways to train the same runs: their final test losses are in the same place (two moons at 2 epochs).
    expect(result.finalMetric.descent).toBeGreaterThan(0.05);
    expect(result.finalMetric.descent).toBeLessThan(0.7);
    expect(result.finalMetric.pytorch).toBeGreaterThan(0.05);
    expect(result.finalMetric.pytorch).toBeLessThan(0.7);
  });

  it('refuses a setting it does not implement, naming the key, rather than training something else', async () => {
    const opened = await openSweep(join(tinyExperiments(), 'sweeps', 'tiny-momentum.yaml'));
    if (!('specs' in opened)) throw new Error(`the test sweep does not open: ${JSON.stringify(opened)}`);
    const { runId, replicate, config } = opened.specs[0];
    if (config.problem.kind !== 'dataset') throw new Error('the test sweep trains on a dataset');
    const he: TorchSweepRun = { runId, replicate, config: { ...config, problem: { ...config.problem, model: { ...config.problem.model, init: 'he' } } } };
    await expect(runTorchSweep(python, [he])).rejects.toThrow(/problem\.model\.init is "he"; this script implements xavier/);
  });
});
