import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crampedFolder } from '@descent/runner/testing';
import { describe, expect, it } from 'vitest';
import { exited, makeWorkspace, pausePlugin, spawnExp, storedRuns, waitFor, writeSweep, written } from './_exp.js';

// Issue 19, a sweep in progress: while `exp run` works, its report says how many runs are done and reloads
// itself; whichever way the run ends, the report left behind does not reload.

const RUNS = 12;
/**
 * Twelve runs on one worker, each busy-waiting 300 or 400 ms: about 4 s of training. The report is due every
 * 200 ms, or 5 × its last render (a render of these takes 0.1 to 0.3 s): several pages in progress.
 */
const sweep = (replicates = RUNS / 2, steps = 50) => `
name: live
seed: 3
replicates: ${replicates}
plugins: [${pausePlugin}]
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: pauses, lr: 0.05 }
train: { batch_size: 1, steps: ${steps} }
metric: { name: loss, goal: minimize }
parameters:
  optimizer.pause_ms: { values: [300, 400] }
`;
const LIVE = { DESCENT_LIVE_REPORT_MS: '200' };
const args = ['run', 'sweeps/live.yaml', '--workers', '1', '--allow-plugin', pausePlugin];

function workspace(replicates?: number, steps?: number): { root: string; report: string } {
  const root = makeWorkspace();
  writeSweep(root, 'live', sweep(replicates, steps));
  return { root, report: join(root, 'reports', 'live', 'index.html') };
}

/** What a reader of the report sees now: the page's "N of M runs done" if it says the sweep is in progress. */
function readReport(report: string): { page: string; progress: { done: number; total: number } | null } | null {
  if (!existsSync(report)) return null;
  const page = readFileSync(report, 'utf8');
  const match = page.match(/<strong>In progress:<\/strong> (\d+) of (\d+) runs done/);
  return { page, progress: match ? { done: Number(match[1]), total: Number(match[2]) } : null };
}

/** The page's own count of its runs, from the facts line ("· 12 runs: 12 finished, …"). */
const runsShown = (page: string) => Number(page.match(/· (\d+) runs: /)?.[1]);

function expectFinal(page: string, runs: number) {
  expect(page).not.toContain('location.reload');
  expect(page).not.toContain('http-equiv="refresh"');
  expect(page).not.toContain('In progress');
  expect(runsShown(page)).toBe(runs);
}

describe('exp run rewrites the report of a sweep in progress', { timeout: 90_000 }, () => {
  it('shows the runs done so far on a page that reloads itself, then leaves the final report', async () => {
    const { root, report } = workspace();
    const child = spawnExp(root, args, LIVE);
    let running = true;
    const exit = exited(child).then((code) => ((running = false), code));
    const seen: { done: number; total: number; stored: number }[] = [];
    while (running) {
      const read = readReport(report);
      // Records only accumulate: counted after the read, they are at least those the page was written from.
      const stored = storedRuns(root, 'live').length;
      if (read) {
        expect(read.page.endsWith('</html>\n'), 'a whole page, never half of one').toBe(true);
        if (read.progress) {
          seen.push({ ...read.progress, stored });
          expect(read.page).toContain('location.reload');
          expect(runsShown(read.page)).toBe(read.progress.done);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await exit, child.output.stderr).toBe(0);
    expect(seen.some(({ done, total }) => done > 0 && done < total), JSON.stringify(seen)).toBe(true);
    for (const { done, total, stored } of seen) {
      expect(total).toBe(RUNS);
      expect(done).toBeLessThanOrEqual(stored);
    }
    expectFinal(readFileSync(report, 'utf8'), RUNS);
    expect(child.output.stdout).toMatch(/^report: .*reports\/live\/index\.html$/m);
  });

  it('--force: a run counts as done once trained again, not for the record it had before', async () => {
    const { root, report } = workspace(2); // four runs, 1.4 s: several times the interval
    expect(await exited(spawnExp(root, [...args, '--no-report'], LIVE))).toBe(0);
    expect(storedRuns(root, 'live')).toHaveLength(4);
    const child = spawnExp(root, [...args, '--force'], LIVE);
    let running = true;
    const exit = exited(child).then((code) => ((running = false), code));
    const seen: { done: number; total: number; shown: number }[] = [];
    while (running) {
      const read = readReport(report);
      if (read?.progress) seen.push({ ...read.progress, shown: runsShown(read.page) });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await exit, child.output.stderr).toBe(0);
    // Every old record was there from the start: counted, every page would have said 4 of 4.
    expect(seen.some(({ done }) => done < 4), JSON.stringify(seen)).toBe(true);
    for (const { done, total, shown } of seen) {
      expect(total).toBe(4);
      expect(shown).toBe(done);
    }
    expectFinal(readFileSync(report, 'utf8'), 4);
  });

  it('interrupted (SIGINT), it leaves the report of the runs done so far, which does not reload', async () => {
    const { root, report } = workspace();
    const child = spawnExp(root, args, LIVE);
    const exit = exited(child);
    await waitFor(() => (readReport(report)?.progress?.done ?? 0) > 0);
    child.kill('SIGINT');
    // Its stderr with the code: a CI run once saw 143, and only the child's own words can say why.
    expect(await exit, child.output.stderr).toBe(130);
    const stored = storedRuns(root, 'live').length;
    expect(stored).toBeLessThan(RUNS);
    expectFinal(readFileSync(report, 'utf8'), stored);
    expect(child.output.stdout).toMatch(/^report: .*reports\/live\/index\.html$/m);
  });

  it('stopped by an error (a full disk under the store), it leaves the final report, which does not reload', async () => {
    // Runs of 300 steps keep about 40 kB each: a few fit in 200 kB, after the first page in progress.
    const { root, report } = workspace(RUNS / 2, 300);
    const store = crampedFolder(join(root, 'experiments', 'runs'), '200k');
    try {
      const child = spawnExp(root, args, LIVE);
      const exit = exited(child);
      await waitFor(() => Boolean(readReport(report)?.progress));
      expect(await exit).toBe(1);
      expect(child.output.stderr).toMatch(/^cannot write experiments\/runs\/\S+: /);
      expectFinal(readFileSync(report, 'utf8'), storedRuns(root, 'live').length);
    } finally {
      store.release();
    }
  });

  it('--no-report writes no report while the runs train either', async () => {
    const { root } = workspace(2); // four runs, 1.4 s: several times the interval
    const child = spawnExp(root, [...args, '--no-report'], LIVE);
    expect(await exited(child)).toBe(0);
    expect(storedRuns(root, 'live')).toHaveLength(4);
    expect(written(root).filter((path) => path.startsWith('reports/'))).toEqual([]);
  });
});
