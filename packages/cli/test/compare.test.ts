import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expIn, makeWorkspace, writeSweep } from './_exp.js';

const moons = (name: string, metric: string) => `
name: ${name}
seed: 6
problem:
  dataset: { name: moons, size: 80, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [4], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: momentum, lr: 0.1, momentum: 0.9 }
train: { batch_size: 8, epochs: 3 }
metric: ${metric}
parameters:
  optimizer.momentum: { values: [0, 0.9] }
`;

const ravine = `
name: ravine
seed: 5
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 20 }
metric: { name: loss, goal: minimize }
`;

describe('exp compare across sweeps measured differently', { timeout: 60_000 }, () => {
  const root = makeWorkspace();
  beforeAll(async () => {
    writeSweep(root, 'by-test', moons('by-test', '{ name: test_loss, goal: minimize }'));
    writeSweep(root, 'by-train', moons('by-train', '{ name: train_loss, goal: minimize }'));
    writeSweep(root, 'ravine', ravine);
    const run = await expIn(root, ['run', 'sweeps/by-test.yaml', 'sweeps/by-train.yaml', 'sweeps/ravine.yaml', '--no-report', '--workers', '2']);
    expect(run.code, run.stderr).toBe(0);
  });

  it("compares by the first sweep's metric when every sweep records it, and says so", async () => {
    const { code, stdout, stderr } = await expIn(root, ['compare', 'by-test', 'by-train']);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(
      "compare: the sweeps are measured differently (by-test by test_loss, minimize; by-train by train_loss, minimize); compared by test_loss, by-test's metric, re-measured from every run's series (--metric picks another: train_loss, test_loss, train_accuracy, test_accuracy)",
    );
    const page = readFileSync(join(root, 'reports', 'compare', 'by-test-vs-by-train.html'), 'utf8');
    expect(page).toContain('test_loss');
    expect(page).not.toContain('train_loss (minimize)');
  });

  it('--metric picks the metric to compare on', async () => {
    const { code, stderr } = await expIn(root, ['compare', 'by-test', 'by-train', '--metric', 'test_accuracy', '--name', 'accuracy']);
    expect(code, stderr).toBe(0);
    expect(existsSync(join(root, 'reports', 'compare', 'accuracy.html'))).toBe(true);
    expect(readFileSync(join(root, 'reports', 'compare', 'accuracy.html'), 'utf8')).toContain('test_accuracy');
  });

  it('says what cannot be compared, naming no internal function', async () => {
    const none = await expIn(root, ['compare', 'by-test', 'ravine']);
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toBe('compare: the sweeps are measured differently (by-test by test_loss, minimize; ravine by loss, minimize) and record no metric in common');
    const forced = await expIn(root, ['compare', 'by-test', 'ravine', '--metric', 'test_loss']);
    expect(forced.code).toBe(1);
    expect(forced.stderr.trim()).toBe("compare: the runs of 'ravine' do not record test_loss (they record loss)");
    const unknown = await expIn(root, ['compare', 'by-test', 'by-train', '--metric', 'acc']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("compare: --metric 'acc' is not a metric (one of train_loss, test_loss, train_accuracy, test_accuracy, validation_loss, validation_accuracy, loss)");
  });
});
