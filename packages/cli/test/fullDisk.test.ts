import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crampedFolder } from '@descent/runner/testing';
import { RUN_LISTING_FILE, RUN_STATES_FILE } from '@descent/runner';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, recordBytes, runExp, runsDir, storedRuns, writeSweep } from './_exp.js';

// A full disk under the run store or the reports: the real `exp run` as a child process, on a real tmpfs too
// small for the sweep. It must stop with one line naming the file, keep every finished run, record none as
// failed, leave no temporary folder, and the next `exp run` (with room) must complete the store exactly as a
// run that never lacked space.

// 12 runs of about 40 kB each (their step series): a few fit in 200 kB, not all of them.
const sweep = `
name: cramped
seed: 5
replicates: 4
problem:
  landscape: { name: ravine, condition: 50 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 300 }
metric: { name: loss, goal: minimize, target: 0.5 }
parameters:
  optimizer.lr: { values: [0.01, 0.02, 0.03] }
`;
const RUNS = 12;

/** Every entry of the sweep's folder that is neither a run nor sweep.json: locks and temporary folders. */
// Runs, sweep.json and the run states cache are what a sweep's folder holds; anything else was left behind.
const leftovers = (root: string) => readdirSync(runsDir(root, 'cramped')).filter((e) => !/^[0-9a-f]{12}$/.test(e) && e !== 'sweep.json' && e !== RUN_STATES_FILE && e !== RUN_LISTING_FILE);
const failedRuns = (root: string) => storedRuns(root, 'cramped').filter((id) => JSON.parse(readFileSync(join(runsDir(root, 'cramped'), id, 'record.json'), 'utf8')).status !== 'finished');

describe('a full disk', { timeout: 120_000 }, () => {
  let undisturbed: Map<string, string>;
  const reference = async () => {
    if (undisturbed) return undisturbed;
    const root = makeWorkspace();
    writeSweep(root, 'cramped', sweep);
    const { code, stderr } = await runExp(root, ['run', 'sweeps/cramped.yaml', '--workers', '2', '--no-report']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    undisturbed = recordBytes(root, 'cramped');
    expect(undisturbed.size).toBe(RUNS);
    return undisturbed;
  };

  it('under the run store stops the sweep with one line, records no run as failed, and the next run completes the store byte for byte', async () => {
    const expected = await reference();
    const root = makeWorkspace();
    writeSweep(root, 'cramped', sweep);
    const store = crampedFolder(join(root, 'experiments', 'runs'), '200k');
    console.log(`full disk under the store: ${store.why}`);
    try {
      const first = await runExp(root, ['run', 'sweeps/cramped.yaml', '--workers', '2']);
      const remedy = store.how === 'tmpfs' ? 'free some space' : 'make the folder writable';
      expect(first.stderr).toMatch(new RegExp(`^cannot write experiments/runs/\\S+: ${store.reason}; ${remedy}, then run 'exp run sweeps/cramped.yaml --workers 2' again: finished runs are kept\\n$`));
      expect(first.code).toBe(1);
      if (store.how === 'tmpfs') {
        const kept = storedRuns(root, 'cramped');
        expect(kept.length).toBeGreaterThan(0); // some runs fitted
        expect(kept.length).toBeLessThan(RUNS);
        expect(failedRuns(root)).toEqual([]);
        expect(leftovers(root)).toEqual([]);
        // What fitted is exactly what an undisturbed run stores.
        for (const [id, bytes] of recordBytes(root, 'cramped')) expect(bytes).toBe(expected.get(id));
      }
      expect(existsSync(join(root, 'reports'))).toBe(false);

      store.widen();
      const second = await runExp(root, ['run', 'sweeps/cramped.yaml', '--workers', '2']);
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      expect(failedRuns(root)).toEqual([]);
      expect(leftovers(root)).toEqual([]);
      expect(recordBytes(root, 'cramped')).toEqual(expected);
    } finally {
      store.release();
    }
  });

  it('under the reports stops with one line naming the report, and keeps every run', async () => {
    const expected = await reference();
    const root = makeWorkspace();
    writeSweep(root, 'cramped', sweep);
    const reports = join(root, 'reports');
    // One page: the report of a sweep (over 100 kB with its charts) does not fit.
    const cramped = crampedFolder(reports, '4k');
    console.log(`full disk under the reports: ${cramped.why}`);
    try {
      const first = await runExp(root, ['run', 'sweeps/cramped.yaml']);
      const remedy = cramped.how === 'tmpfs' ? 'free some space' : 'make the folder writable';
      expect(first.stderr).toMatch(new RegExp(`^cannot write reports/cramped/index\\.html: ${cramped.reason}; ${remedy}, then run 'exp run sweeps/cramped.yaml' again: finished runs are kept\\n$`));
      expect(first.code).toBe(1);
      expect(recordBytes(root, 'cramped')).toEqual(expected);
      expect(readdirSync(reports, { recursive: true }).filter((e) => String(e).includes('.tmp-'))).toEqual([]);

      cramped.widen();
      const second = await runExp(root, ['run', 'sweeps/cramped.yaml']);
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('12 skipped (already finished)');
      expect(existsSync(join(reports, 'cramped', 'index.html'))).toBe(true);
    } finally {
      cramped.release();
    }
  });
});
