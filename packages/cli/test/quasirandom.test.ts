import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expIn, exited, makeWorkspace, pausePlugin, recordBytes, runExp, runsDir, spawnExp, storedRuns, waitFor, writeSweep } from './_exp.js';

// Each `exp run` starts a worker pool: allow for a busy two-core machine.
const SLOW = { timeout: 60_000 };

/** Eight quasirandom points over lr (log) × momentum × batch size on a noisy ravine, two replicates each. */
const QUASIRANDOM = `
name: qr
seed: 11
method: quasirandom
samples: 8
replicates: 2
problem:
  landscape: { name: ravine, condition: 10, noise: 0.5 }
optimizer: { name: momentum, lr: 0.01, momentum: 0.9 }
train: { batch_size: 1, steps: 60 }
metric: { name: loss, goal: minimize }
parameters:
  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 0.1 }
  optimizer.momentum: { distribution: uniform, min: 0, max: 0.95 }
  train.batch_size: { values: [1, 4] }
`;

describe('exp run, method: quasirandom', SLOW, () => {
  it('--dry-run lists the points: 8 distinct configurations inside their ranges, the same in another workspace', async () => {
    const lines = async () => {
      const root = makeWorkspace();
      writeSweep(root, 'qr', QUASIRANDOM);
      const { code, stdout } = await expIn(root, ['run', 'sweeps/qr.yaml', '--dry-run']);
      expect(code).toBe(0);
      return stdout.trim().split('\n');
    };
    const [header, ...runs] = await lines();
    expect(header).toBe('qr: 16 runs (8 configurations × 2 replicates)');
    expect(runs).toHaveLength(16);
    const points = runs.slice(0, 8).map((line) => {
      const match = line.match(/^ {2}[0-9a-f]{12} {2}replicate 0 {2}optimizer\.lr=([\d.e-]+) optimizer\.momentum=([\d.e-]+) train\.batch_size=(\d)$/);
      expect(match, line).not.toBeNull();
      return match!.slice(1).map(Number);
    });
    expect(new Set(points.map((p) => p.join())).size).toBe(8);
    for (const [lr, momentum, batch] of points) {
      expect(lr).toBeGreaterThanOrEqual(0.001);
      expect(lr).toBeLessThanOrEqual(0.1);
      expect(momentum).toBeGreaterThanOrEqual(0);
      expect(momentum).toBeLessThan(0.95);
      expect([1, 4]).toContain(batch);
    }
    // Eight points of a net: each eighth of the log-lr range and of the momentum range holds one, each batch size four.
    expect(new Set(points.map(([lr]) => Math.floor((Math.log(lr / 0.001) / Math.log(100)) * 8))).size).toBe(8);
    expect(new Set(points.map(([, momentum]) => Math.floor((momentum / 0.95) * 8))).size).toBe(8);
    expect(points.filter(([, , batch]) => batch === 1)).toHaveLength(4);
    expect(await lines()).toEqual([header, ...runs]);
  });

  it('trains the same records byte for byte with 1 worker and with 2, and stores the method', async () => {
    const one = makeWorkspace();
    const two = makeWorkspace();
    for (const root of [one, two]) writeSweep(root, 'qr', QUASIRANDOM);
    const first = await expIn(one, ['run', 'sweeps/qr.yaml', '--workers', '1']);
    const second = await expIn(two, ['run', 'sweeps/qr.yaml', '--workers', '2']);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(storedRuns(one, 'qr')).toHaveLength(16);
    expect(recordBytes(two, 'qr')).toEqual(recordBytes(one, 'qr'));
    expect(JSON.parse(readFileSync(join(runsDir(one, 'qr'), 'sweep.json'), 'utf8')).method).toBe('quasirandom');
    // The store reads sweep.json back as current (not damaged or outdated): the report says the method.
    const report = readFileSync(join(one, 'reports', 'qr', 'index.html'), 'utf8');
    expect(report).toContain('<dt>search</dt><dd>quasirandom;');
    const doctor = await expIn(one, ['doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  });

  it('resumes after a SIGKILL with the same points and bytes as an uninterrupted sweep', async () => {
    // The same points, on a plugin that pauses in each run's first step, so the kill lands mid-sweep.
    const pausing = QUASIRANDOM.replace('optimizer: { name: momentum, lr: 0.01, momentum: 0.9 }', `plugins: [${pausePlugin}]\noptimizer: { name: pauses, lr: 0.01, pause_ms: 40 }`).replace(
      '  optimizer.momentum: { distribution: uniform, min: 0, max: 0.95 }\n',
      '',
    );
    const [whole, killed] = [makeWorkspace(), makeWorkspace()];
    for (const root of [whole, killed]) writeSweep(root, 'qr', pausing);
    const args = ['run', 'sweeps/qr.yaml', '--workers', '2', '--no-report', '--allow-plugin', pausePlugin];
    expect((await runExp(whole, args)).code).toBe(0);
    const child = spawnExp(killed, args);
    const exit = exited(child);
    await waitFor(() => storedRuns(killed, 'qr').length >= 4);
    child.kill('SIGKILL');
    expect(await exit).toBe(128 + 9);
    expect(storedRuns(killed, 'qr').length).toBeLessThan(16);
    const resumed = await runExp(killed, args);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(recordBytes(killed, 'qr')).toEqual(recordBytes(whole, 'qr'));
  });
});
