import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_LISTING_FILE, RUN_STATES_FILE } from '@descent/runner';
import { exited, makeWorkspace, pausePlugin, recordBytes, runExp, runsDir, spawnExp, storedRuns, sweepRunIds, waitFor, writeSweep } from './_exp.js';

// The real `exp` as child processes: interrupted, killed, and two at once on one sweep.
// Four runs on one worker, in this order: quick, pausing 600 ms, quick, pausing. Stopping the sweep as soon
// as the first (or third) run is stored catches the next one surely in flight, the sweep surely unfinished.
const sweep = `
name: resume
seed: 9
replicates: 2
plugins: [${pausePlugin}]
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: pauses, lr: 0.05 }
train: { batch_size: 1, steps: 200 }
metric: { name: loss, goal: minimize, target: 0.1 }
parameters:
  optimizer.pause_ms: { values: [0, 600] }
`;
const RUNS = 4;

function workspaceWithSweep(): string {
  const root = makeWorkspace();
  writeSweep(root, 'resume', sweep);
  return root;
}

/** What a sweep's folder holds besides its runs: nothing but sweep.json (no locks, no temporary folders). */
const leftovers = (root: string) => readdirSync(runsDir(root, 'resume')).filter((e) => !/^[0-9a-f]{12}$/.test(e) && e !== RUN_STATES_FILE && e !== RUN_LISTING_FILE);

/** Runs trained by one invocation, from its closing line "resume: N finished, M diverged, K failed this time". */
function trainedBy(stdout: string): number {
  const match = stdout.match(/resume: (\d+) finished, (\d+) diverged, (\d+) failed this time/);
  if (!match) throw new Error(`no summary line in:\n${stdout}`);
  return Number(match[1]) + Number(match[2]) + Number(match[3]);
}

describe('exp run as a process', { timeout: 60_000 }, () => {
  // The store of one uninterrupted run, made alongside the first test (not before it) to save time.
  let referenceRun: Promise<Map<string, string>>;
  const reference = () => referenceRun;

  beforeAll(() => {
    const root = workspaceWithSweep();
    referenceRun = runExp(root, ['run', 'sweeps/resume.yaml', '--workers', '1', '--no-report', '--allow-plugin', pausePlugin]).then((result) => {
      expect(result.code).toBe(0);
      return recordBytes(root, 'resume');
    });
  });
  // A test that fails before it awaits the reference (or one left out by -t) must not leave that process writing
  // into its workspace after the teardown removed it.
  afterAll(() => referenceRun.catch(() => {}));

  it('stops on SIGINT (exit 130) and on SIGKILL, and each next invocation continues without redoing runs', async () => {
    const root = workspaceWithSweep();
    const run = () => spawnExp(root, ['run', 'sweeps/resume.yaml', '--workers', '1', '--no-report', '--allow-plugin', pausePlugin]);
    const fileIdentity = (id: string) => {
      const s = statSync(join(runsDir(root, 'resume'), id, 'record.json'));
      return `${s.ino}:${s.mtimeMs}`;
    };

    // 1. Ctrl-C while the second run is in flight: exit 130, the first run kept, nothing half-written.
    const first = run();
    const firstExit = exited(first);
    await waitFor(() => storedRuns(root, 'resume').length >= 1);
    first.kill('SIGINT');
    expect(await firstExit).toBe(130);
    expect(first.output.stderr).toContain('interrupted');
    const afterInterrupt = storedRuns(root, 'resume');
    expect(afterInterrupt).toHaveLength(1);
    expect(leftovers(root)).toEqual(['sweep.json']); // no lock, no temporary folder
    const kept = fileIdentity(afterInterrupt[0]);

    // 2. The next invocation continues; killed outright while the fourth run is in flight.
    const second = run();
    const secondExit = exited(second);
    await waitFor(() => storedRuns(root, 'resume').length >= 3);
    second.kill('SIGKILL');
    expect(await secondExit).toBe(128 + 9);
    const afterKill = storedRuns(root, 'resume');
    expect(afterKill).toHaveLength(3);
    expect(second.output.stdout).toContain('resume: 4 runs, 3 to do (1 already finished)');
    const identities = new Map(afterKill.map((id) => [id, fileIdentity(id)]));
    expect(identities.get(afterInterrupt[0])).toBe(kept); // not redone: the same file, untouched

    // 3. The last invocation trains only the run the kill cut off, and the store equals an uninterrupted run's.
    const third = await runExp(root, ['run', 'sweeps/resume.yaml', '--workers', '1', '--no-report', '--allow-plugin', pausePlugin]);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('resume: 4 runs, 1 to do (3 already finished)');
    expect(trainedBy(third.stdout)).toBe(1);
    for (const [id, was] of identities) expect(fileIdentity(id)).toBe(was);
    expect(recordBytes(root, 'resume')).toEqual(await reference());
    expect(leftovers(root)).toEqual(['sweep.json']);
  });

  it('stops two sweeps run at once on SIGINT, both kept and printed in order; the next invocation completes both', async () => {
    const root = workspaceWithSweep();
    writeSweep(root, 'again', sweep.replace('name: resume', 'name: again'));
    const args = ['run', 'sweeps/resume.yaml', 'sweeps/again.yaml', '--workers', '2', '--no-report', '--allow-plugin', pausePlugin];
    const first = spawnExp(root, args);
    const firstExit = exited(first);
    await waitFor(() => storedRuns(root, 'resume').length + storedRuns(root, 'again').length >= 2);
    first.kill('SIGINT');
    expect(await firstExit).toBe(130);
    expect(first.output.stderr.match(/interrupted: stopping/g)).toHaveLength(1);
    // Each sweep says how it ended, the first file's lines first.
    const resumeEnd = first.output.stdout.indexOf('resume: ');
    const againStart = first.output.stdout.indexOf('again: 4 runs, 4 to do');
    expect(resumeEnd).toBeGreaterThanOrEqual(0);
    expect(againStart).toBeGreaterThan(first.output.stdout.lastIndexOf('resume: '));
    const kept = storedRuns(root, 'resume').length + storedRuns(root, 'again').length;
    expect(kept).toBeLessThan(2 * RUNS);
    for (const name of ['resume', 'again']) expect(readdirSync(runsDir(root, name)).filter((e) => !/^[0-9a-f]{12}$/.test(e) && e !== RUN_STATES_FILE && e !== RUN_LISTING_FILE)).toEqual(['sweep.json']);

    const second = await runExp(root, args);
    expect(second.code).toBe(0);
    const trained = [...second.stdout.matchAll(/(?:resume|again): (\d+) finished, (\d+) diverged, (\d+) failed this time/g)].map((m) => Number(m[1]) + Number(m[2]) + Number(m[3]));
    expect(trained.reduce((sum, n) => sum + n, 0)).toBe(2 * RUNS - kept);
    expect(recordBytes(root, 'resume')).toEqual(await reference());
    expect(storedRuns(root, 'again')).toHaveLength(RUNS);
  });

  it('stops every sweep run at once when one meets an error, in one line after their output; the next invocation completes both', async () => {
    const root = workspaceWithSweep();
    writeSweep(root, 'again', sweep.replace('name: resume', 'name: again'));
    // A file where the second sweep's folder of runs goes: that sweep stops at its start, and takes the first with it.
    mkdirSync(join(root, 'experiments', 'runs'), { recursive: true });
    writeFileSync(runsDir(root, 'again'), 'in the way\n');
    const args = ['run', 'sweeps/resume.yaml', 'sweeps/again.yaml', '--workers', '2', '--no-report', '--allow-plugin', pausePlugin];
    const stopped = await runExp(root, args);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toBe(`cannot write experiments/runs/again: a file is where that folder should be; move the file away, then run 'exp ${args.join(' ')}' again: finished runs are kept\n`);
    // The first sweep was stopped, not run to its end, and said so before the error.
    expect(stopped.stdout).toMatch(/resume: 4 runs, 4 to do;[\s\S]*resume: \d finished, 0 diverged, 0 failed this time/);
    expect(storedRuns(root, 'resume').length).toBeLessThan(RUNS);
    expect(leftovers(root)).toEqual(['sweep.json']);

    rmSync(runsDir(root, 'again'));
    const again = await runExp(root, args);
    expect(again.code).toBe(0);
    expect(recordBytes(root, 'resume')).toEqual(await reference());
    expect(storedRuns(root, 'again')).toHaveLength(RUNS);
  });

  it('shares one sweep between two processes started together: every run stored once, same bytes', async () => {
    const root = workspaceWithSweep();
    const [a, b] = await Promise.all([
      runExp(root, ['run', 'sweeps/resume.yaml', '--workers', '1', '--no-report', '--allow-plugin', pausePlugin]),
      runExp(root, ['run', 'sweeps/resume.yaml', '--workers', '1', '--no-report', '--allow-plugin', pausePlugin]),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    // Each run was trained by exactly one of the two.
    expect(trainedBy(a.stdout) + trainedBy(b.stdout)).toBe(RUNS);
    expect(recordBytes(root, 'resume')).toEqual(await reference());
    expect(leftovers(root)).toEqual(['sweep.json']);
  });
});

// Adaptive replicates as child processes: three learning rates on a noisy ravine, 3 replicates each, then
// rounds of 3 more where the verdict is open, up to 9. Every run pauses 40 ms, so a kill lands mid-sweep.
const adaptiveSweep = `
name: adapt
seed: 3
replicates: { min: 3, max: 9, step: 3 }
plugins: [${pausePlugin}]
problem:
  landscape: { name: ravine, condition: 10, noise: 0.5 }
optimizer: { name: pauses, lr: 0.02, pause_ms: 40 }
train: { batch_size: 1, steps: 60 }
metric: { name: loss, goal: minimize }
parameters:
  optimizer.lr: { values: [0.02, 0.03, 0.05] }
`;

describe('exp run with adaptive replicates as a process', { timeout: 90_000 }, () => {
  const adaptiveWorkspace = () => {
    const root = makeWorkspace();
    writeSweep(root, 'adapt', adaptiveSweep);
    return root;
  };
  const run = (root: string, workers: string) => runExp(root, ['run', 'sweeps/adapt.yaml', '--workers', workers, '--no-report', '--allow-plugin', pausePlugin]);

  it('gives the same runs and byte-identical records with 1 and 2 workers, and across a SIGKILL and resume', async () => {
    const one = adaptiveWorkspace();
    const two = adaptiveWorkspace();
    const [byOne, byTwo] = await Promise.all([run(one, '1'), run(two, '2')]);
    expect([byOne.code, byTwo.code]).toEqual([0, 0]);
    // More than one round ran, so the decisions between rounds are what is compared.
    expect(byOne.stdout).toMatch(/adapt: round 2: /);
    const reference = recordBytes(one, 'adapt');
    expect(recordBytes(two, 'adapt')).toEqual(reference);
    expect(sweepRunIds(two, 'adapt')).toEqual(sweepRunIds(one, 'adapt'));
    expect([...reference.keys()].sort()).toEqual([...sweepRunIds(one, 'adapt')].sort());

    // Killed outright in the second round, then resumed on 2 workers: the same runs, the same bytes.
    const killed = adaptiveWorkspace();
    const child = spawnExp(killed, ['run', 'sweeps/adapt.yaml', '--workers', '2', '--no-report', '--allow-plugin', pausePlugin]);
    const exit = exited(child);
    await waitFor(() => storedRuns(killed, 'adapt').length >= 11);
    child.kill('SIGKILL');
    expect(await exit).toBe(128 + 9);
    expect(storedRuns(killed, 'adapt').length).toBeLessThan(reference.size);
    const resumed = await run(killed, '2');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/adapt: 9 runs, 0 to do \(9 already finished\)/);
    expect(recordBytes(killed, 'adapt')).toEqual(reference);
    expect(sweepRunIds(killed, 'adapt')).toEqual(sweepRunIds(one, 'adapt'));

    // exp verify re-trains every stored run of the rounds, later rounds' replicates included, bit for bit.
    const verified = await runExp(killed, ['verify', 'adapt', '--all', '--allow-plugin', pausePlugin]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`${reference.size} of ${reference.size} runs reproduced bit for bit`);
  });
});
