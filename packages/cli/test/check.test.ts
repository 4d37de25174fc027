import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expIn, makeWorkspace, repoRoot, storedRuns, writeSweep } from './_exp.js';

// Each `exp check` that has runs to do starts a worker pool: allow for a busy two-core machine.
const SLOW = { timeout: 60_000 };

/** Momentum 0.9 against plain SGD on a small two-moons problem, over two learning rates; `claim` is appended. */
const momentumSweep = (replicates: number, expect: 'a < b' | 'a > b') => `
name: claims
seed: 3
replicates: ${replicates}
problem:
  dataset: { name: moons, size: 200, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [8], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: momentum, lr: 0.03, momentum: 0 }
train: { batch_size: 16, epochs: 10 }
metric: { name: train_loss, goal: minimize }
parameters:
  optimizer.lr: { values: [0.01, 0.03] }
  optimizer.momentum: { values: [0, 0.9] }
claims:
  - claim: momentum 0.9 ends with a ${expect === 'a < b' ? 'lower' : 'higher'} training loss than plain SGD
    metric: final_metric
    a: { optimizer.momentum: 0.9 }
    b: { optimizer.momentum: 0 }
    expect: ${expect}
`;

describe('exp check', SLOW, () => {
  it('reports a claim that is false on purpose as refuted and exits 1; the report shows it first', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'claims', momentumSweep(4, 'a > b'));
    const { code, stdout } = await expIn(root, ['check', 'sweeps/claims.yaml', '--workers', '2']);
    expect(code).toBe(1);
    expect(storedRuns(root, 'claims')).toHaveLength(16);
    expect(stdout).toContain('claims of claims: 1 refuted');
    expect(stdout).toMatch(/refuted {4}momentum 0\.9 ends with a higher training loss than plain SGD \(final_metric, expect a > b\)\n\s+effect -[\d.]+ \(95 % CI -[\d.]+ to -[\d.]+\), p [\d.]+ after Holm, 8 pairs, δ [\d.]+; the opposite \(a < b\) is decided/);
    const report = readFileSync(join(root, 'reports', 'claims', 'index.html'), 'utf8');
    expect(report.indexOf('id="claims"')).toBeGreaterThan(0);
    expect(report.indexOf('id="claims"')).toBeLessThan(report.indexOf('class="view" id="winner"'));
    expect(report).toContain('<tr class="claim-refuted">');

    // A second check reads the store: nothing runs again, the verdict is the same.
    const again = await expIn(root, ['check', 'sweeps/claims.yaml']);
    expect(again.code).toBe(1);
    expect(again.stdout).not.toContain('runs done');
    expect(again.stdout).toBe(stdout.slice(stdout.indexOf('claims of claims')));
  });

  it('exits 3 while a claim is undecided (2 is a usage error), 0 with --allow-undecided, and says how many replicates would decide it', async () => {
    const root = makeWorkspace();
    // 2 learning rates × 2 replicates = 4 pairs: no rank test can reach 0.05 with 4.
    writeSweep(root, 'claims', momentumSweep(2, 'a < b'));
    const undecided = await expIn(root, ['check', 'sweeps/claims.yaml', '--workers', '2']);
    expect(undecided.code).toBe(3);
    expect((await expIn(root, ['check', 'sweeps/claims.yaml', '--alow-undecided'])).code).toBe(2); // a typo is not an undecided claim
    expect(undecided.stdout).toContain('claims of claims: 1 undecided');
    expect(undecided.stdout).toMatch(/about \d+ replicates per configuration would probably decide it/);
    expect((await expIn(root, ['check', 'sweeps/claims.yaml', '--allow-undecided'])).code).toBe(0);
  });

  it('prints the claims at the end of exp run, and says when a sweep declares none', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'claims', momentumSweep(4, 'a < b'));
    const run = await expIn(root, ['run', 'sweeps/claims.yaml', '--workers', '2', '--no-report']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/claims of claims: 1 held\n {2}held {7}momentum 0\.9 ends with a lower training loss/);
    expect((await expIn(root, ['check', 'sweeps/claims.yaml'])).code).toBe(0);
    writeSweep(root, 'none', momentumSweep(1, 'a < b').replace(/claims:[\s\S]*$/, '').replace('name: claims', 'name: none'));
    const none = await expIn(root, ['check', 'sweeps/none.yaml']);
    expect(none).toMatchObject({ code: 0, stdout: 'none: the sweep declares no claims (add a claims: list to experiments/sweeps/none.yaml)\n' });
  });

  it('keeps a declared delta in the sweep info, and the report decides with it and says the sweep declared it', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'claims', momentumSweep(3, 'a < b').replace('seed: 3', 'seed: 3\ndelta: 0.25'));
    expect((await expIn(root, ['run', 'sweeps/claims.yaml', '--workers', '2'])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'experiments', 'runs', 'claims', 'sweep.json'), 'utf8')).delta).toBe(0.25);
    const report = readFileSync(join(root, 'reports', 'claims', 'index.html'), 'utf8');
    expect(report).toContain('±δ = 0.25 (declared by the sweep: the smallest difference in final train_loss that matters)');
  });

  it('is listed by exp --help', async () => {
    const { stdout } = await expIn(makeWorkspace(), ['--help']);
    expect(stdout).toMatch(/\n {2}check +check a sweep's claims/);
  });
});

// CI runs `exp check` on every shipped sweep of the lecture: each declares the claims it demonstrates, and each must hold.
const shipped = readdirSync(join(repoRoot, 'experiments', 'sweeps')).filter((file) => file.endsWith('.yaml')).sort();
const declaresClaims = (file: string) => /^claims:/m.test(readFileSync(join(repoRoot, 'experiments', 'sweeps', file), 'utf8'));
/** Shipped searches: sampled configurations leave no pairs to claim about, so each has a test of its own (below). */
const SEARCHES = ['tuning.yaml'];

describe('exp check on every shipped sweep', () => {
  it('every shipped sweep declares claims, or is a search with a test of its own', () => {
    expect(shipped.filter((file) => !declaresClaims(file))).toEqual(SEARCHES);
  });

  it.each(shipped.filter(declaresClaims))('%s: every claim holds', { timeout: 240_000 }, async (file) => {
    const root = makeWorkspace();
    // The shipped sweeps and their plugin stay in the repository, outside this temporary workspace.
    const plugin = ['--allow-plugin', join(repoRoot, 'experiments', 'plugins', 'signum.ts')];
    const { code, stdout, stderr } = await expIn(root, ['check', join(repoRoot, 'experiments', 'sweeps', file), ...plugin]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/claims of [\w-]+: \d+ held\n/);
  });
});

describe('the shipped search (tuning.yaml: TPE with Hyperband on digits)', () => {
  it('prunes most configurations for under half the examples of the same search without pruning, its winner passes the 0.85 target, and it replays', { timeout: 240_000 }, async () => {
    const root = makeWorkspace();
    const run = await expIn(root, ['run', join(repoRoot, 'experiments', 'sweeps', 'tuning.yaml'), '--no-report']);
    expect(run.code, run.stderr).toBe(0);
    const records = storedRuns(root, 'tuning').map(
      (id) => JSON.parse(readFileSync(join(root, 'experiments', 'runs', 'tuning', id, 'record.json'), 'utf8')) as { status: string; summary: { examples: number; finalMetric: number } },
    );
    expect(records).toHaveLength(40);
    const pruned = records.filter((r) => r.status === 'pruned');
    const finished = records.filter((r) => r.status === 'finished');
    expect(pruned.length).toBeGreaterThanOrEqual(24);
    expect(Math.max(...finished.map((r) => r.summary.finalMetric))).toBeGreaterThanOrEqual(0.85);
    // What the search trained against the same 40 configurations trained for 9 epochs each (1,600 training examples an epoch).
    const trained = records.reduce((sum, r) => sum + r.summary.examples, 0);
    expect(trained / (40 * 9 * 1600)).toBeLessThan(0.5);
    const verified = await expIn(root, ['verify', 'tuning', '--sample', '3']);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/✓ search path: decided again from the stored records, it asks for the same 40 runs in the same order and prunes the same \d+/);
  });
});
