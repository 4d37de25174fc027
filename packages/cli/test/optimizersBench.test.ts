import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exited, makeWorkspace, repoRoot, spawnExp, waitFor } from './_exp.js';

const halfFlipped = fileURLToPath(new URL('../../runner/src/optimizerBench/__fixtures__/half-flipped-sgd.ts', import.meta.url));
const signum = join(repoRoot, 'experiments', 'plugins', 'signum.ts');

/**
 * `exp optimizers bench … --suite tiny` in the workspace. The plugin resolver ignores NODE_PATH (pnpm's shims set it
 * to the repository's node_modules); it is cleared too so that nothing else in the child finds packages the
 * temporary workspace has not installed.
 */
function spawnBench(root: string, args: string[]) {
  return spawnExp(root, ['optimizers', 'bench', ...args, '--suite', 'tiny'], { NODE_PATH: '' });
}

async function benchIn(root: string, args: string[]) {
  const child = spawnBench(root, args);
  const code = await exited(child);
  return { code, ...child.output };
}

/** A workspace with the lion plugin package installed where the repository has it: experiments/ depends on @descent/optim-lion. */
function workspaceWithLion(): string {
  const root = makeWorkspace();
  mkdirSync(join(root, 'experiments', 'node_modules', '@descent'), { recursive: true });
  symlinkSync(join(repoRoot, 'packages', 'optim-lion'), join(root, 'experiments', 'node_modules', '@descent', 'optim-lion'), 'dir');
  return root;
}

describe('exp optimizers bench (the tiny suite, through the real binary)', { timeout: 120_000 }, () => {
  it('refuses an optimizer the conformance kit fails, naming the check, and trains nothing', async () => {
    const root = makeWorkspace();
    const { code, stderr } = await benchIn(root, [halfFlipped, '--allow-plugin', halfFlipped]);
    expect(code).toBe(1);
    expect(stderr).toContain('half-flipped-sgd fails the conformance kit (decreases a convex quadratic');
    expect(existsSync(join(root, 'experiments', 'runs'))).toBe(false);
  });

  it('benches signum against the built-ins, writes summary.json, and a second bench trains nothing and writes the same bytes', async () => {
    const root = workspaceWithLion();
    const first = await benchIn(root, [signum, '--allow-plugin', signum, '--workers', '2']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const file = join(root, 'reports', 'optimizers-bench', 'signum-tiny', 'summary.json');
    const bytes = readFileSync(file, 'utf8');
    const summary = JSON.parse(bytes);
    expect(summary.suite).toBe('tiny-v1');
    expect(summary.candidates).toEqual(['signum']);
    // The built-ins and lion (installed in the workspace); signum is the candidate here, and the workspace has no plugins/signum.ts.
    expect(summary.baselines).toEqual(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw', 'lion']);
    expect(summary.results).toHaveLength(9 * 3);
    expect(Object.entries(summary.conformance).filter(([, c]) => (c as { ok: boolean }).ok).map(([name]) => name).sort()).toEqual([...summary.baselines, 'signum'].sort());
    expect(first.stdout).toContain(summary.answers.signum);
    // The report beside it: the answer first, the profile chart, offline (its rendering is tested in the report package).
    const html = readFileSync(join(root, 'reports', 'optimizers-bench', 'signum-tiny', 'index.html'), 'utf8');
    expect(html).toContain(summary.answers.signum.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
    expect(first.stdout).toContain('report: ');
    // Every result carries its replicates' mean learning curve, and the report draws them.
    for (const result of summary.results) expect(result.curve.length).toBeGreaterThan(1);
    expect(html).toContain('id="curves"');
    expect(first.stdout).toMatch(/\n(\d+) runs trained/);

    // Wall time is apart, in timing.json (machine-dependent), never in summary.json; the report labels it with the machine.
    expect(bytes).not.toMatch(/wall|Ms"/i);
    const timing = JSON.parse(readFileSync(join(root, 'reports', 'optimizers-bench', 'signum-tiny', 'timing.json'), 'utf8'));
    expect(timing.schema).toBe(1);
    expect(timing.results.map((t: { optimizer: string; workload: string }) => `${t.optimizer}/${t.workload}`)).toEqual(summary.results.map((r: { optimizer: string; workload: string }) => `${r.optimizer}/${r.workload}`));
    expect(timing.machines).toHaveLength(1);
    expect(html).toContain(timing.machines[0].machine);
    expect(html).toContain('id="wall-time"');
    for (const entry of timing.results) {
      for (const replicate of entry.replicates) if (replicate.wallTimeToTargetMs !== null) expect(replicate.wallTimeToTargetMs).toBeLessThanOrEqual(replicate.trainingMs);
    }
    // A hand-picked run: replicate 0 of the first result whose replicates all reached the target, read from the store's files.
    const picked = summary.results.find((r: { reached: number; replicates: number }) => r.reached === r.replicates);
    const runsFolder = join(root, 'experiments', 'runs');
    const sweep = join(runsFolder, readdirSync(runsFolder).find((name) => name.endsWith(`-${picked.workload}-${picked.optimizer}-replicates`))!);
    const runs = readdirSync(sweep).filter((entry) => /^[0-9a-f]{12}$/.test(entry)).map((id) => ({
      record: JSON.parse(readFileSync(join(sweep, id, 'record.json'), 'utf8')),
      meta: JSON.parse(readFileSync(join(sweep, id, 'meta.json'), 'utf8')),
    }));
    const { record, meta } = runs.find((run) => run.record.replicate === 0)!;
    const pickedTiming = timing.results.find((t: { optimizer: string; workload: string }) => t.optimizer === picked.optimizer && t.workload === picked.workload);
    expect(pickedTiming.replicates[0].trainingMs).toBe(meta.wallTimeMs);
    // The first point of the path at or below the target (a landscape logs the step that reaches it, with the point after it).
    const target = summary.workloads.find((w: { id: string }) => w.id === picked.workload).target;
    // record.json holds each series as columns (runner README, "Reading a record without Descent").
    const reachedAt = record.trajectory.loss.findIndex((loss: number) => loss <= target);
    expect(reachedAt).toBeGreaterThan(0);
    const logged = record.steps.step.findIndex((step: number) => step === record.trajectory.step[reachedAt] - 1);
    expect(pickedTiming.replicates[0].wallTimeToTargetMs).toBe(meta.stepTimesMs[logged]);
    expect(Number(first.stdout.match(/\n(\d+) runs trained/)![1])).toBe(9 * 3 * (8 + 3));

    const second = await benchIn(root, [signum, '--allow-plugin', signum, '--workers', '1']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('\n0 runs trained');
    expect(readFileSync(file, 'utf8')).toBe(bytes);
  });

  it('finds a package name from the workspace root as a sweep in experiments/ does (lion, installed by experiments/)', async () => {
    const root = workspaceWithLion();
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
    const { code, stdout, stderr } = await benchIn(root, ['@descent/optim-lion', '--workers', '2']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(join(root, 'reports', 'optimizers-bench', 'lion-tiny', 'summary.json'), 'utf8'));
    expect(summary.candidates).toEqual(['lion']);
    expect(summary.baselines).not.toContain('lion');
    expect(stdout).toContain(summary.answers.lion);
  });

  it('a package found nowhere: the name, the folders searched (not NODE_PATH) and how to install it; nothing trains', async () => {
    const root = makeWorkspace();
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(join(elsewhere, '@descent'), { recursive: true });
    symlinkSync(join(repoRoot, 'packages', 'optim-lion'), join(elsewhere, '@descent', 'optim-lion'), 'dir');
    const child = spawnExp(root, ['optimizers', 'bench', '@descent/optim-lion', '--suite', 'tiny'], { NODE_PATH: elsewhere });
    expect(await exited(child)).toBe(1);
    const { stderr } = child.output;
    expect(stderr).toContain(`package '@descent/optim-lion' not found in the node_modules folders from ${root} upwards, then from ${join(root, 'experiments')} upwards (${join(root, 'node_modules')}, `);
    expect(stderr).toContain(join(root, 'experiments', 'node_modules'));
    expect(stderr).toContain('NODE_PATH is not searched');
    // The project a sweep in experiments/ belongs to: here the workspace itself (its experiments/ has no package.json).
    expect(stderr).toContain(`install it in ${root}: pnpm add @descent/optim-lion (or npm install @descent/optim-lion)`);
    expect(existsSync(join(root, 'experiments', 'runs'))).toBe(false);
  });

  it('killed (SIGKILL) mid-bench and run again, it trains only what was missing and writes the bytes of an uninterrupted bench', async () => {
    const args = [signum, '--allow-plugin', signum, '--workers', '2'];
    const clean = workspaceWithLion();
    expect((await benchIn(clean, args)).code).toBe(0);
    const expected = readFileSync(join(clean, 'reports', 'optimizers-bench', 'signum-tiny', 'summary.json'), 'utf8');

    const root = workspaceWithLion();
    const runs = join(root, 'experiments', 'runs');
    const child = spawnBench(root, args);
    // Killed once a dozen of the bench's sweeps have begun: some runs stored, most not.
    await waitFor(() => existsSync(runs) && readdirSync(runs).filter((name) => name.startsWith('bench-')).length >= 12);
    child.kill('SIGKILL');
    expect(await exited(child)).toBe(137);
    expect(existsSync(join(root, 'reports', 'optimizers-bench', 'signum-tiny', 'summary.json'))).toBe(false);

    const resumed = await benchIn(root, args);
    expect(resumed.code).toBe(0);
    const trained = Number(resumed.stdout.match(/\n(\d+) runs trained/)![1]);
    expect(trained).toBeGreaterThan(0);
    expect(trained).toBeLessThan(9 * 3 * (8 + 3));
    expect(readFileSync(join(root, 'reports', 'optimizers-bench', 'signum-tiny', 'summary.json'), 'utf8')).toBe(expected);
  });
});
