import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sweepsOnOnePool } from './warmPool.js';

const folder = mkdtempSync(join(tmpdir(), 'descent-warm-pool-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function sweepFile(name: string, text: string): string {
  const file = join(folder, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe('sweepsOnOnePool', { timeout: 60_000 }, () => {
  it('runs the whole sweep once per round on the same threads and gives each round its rate', async () => {
    const file = sweepFile(
      'tiny',
      `name: tiny
seed: 3
problem:
  dataset: { name: moons, size: 40, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [4], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: momentum, lr: 0.1, momentum: 0.9 }
train: { batch_size: 8, epochs: 2 }
metric: { name: test_loss, goal: minimize }
parameters:
  optimizer.lr: { values: [0.03, 0.3] }
`,
    );
    const rates = await sweepsOnOnePool(file, 1, 2);
    expect(rates).toHaveLength(2);
    for (const rate of rates) expect(rate).toBeGreaterThan(0);
    for (const rate of rates) expect(Number.isFinite(rate)).toBe(true);
  });

  it('refuses an invalid sweep, naming the file', async () => {
    const file = sweepFile('broken', 'name: broken\nseed: 1\n');
    await expect(sweepsOnOnePool(file, 1, 1)).rejects.toThrow(file);
  });
});
