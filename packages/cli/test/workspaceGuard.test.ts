import { existsSync, mkdirSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tempFolder } from '@descent/runner/testing';
import { describe, expect, it } from 'vitest';
import { expIn, makeWorkspace, runExp, storedRuns, writeSweep, written } from './_exp.js';

// Issue 15, class 4: a symbolic link in the workspace must not lead Descent's writes elsewhere unless the
// user says so (--allow-outside, or DESCENT_ALLOW_OUTSIDE=1).

const SLOW = { timeout: 40_000 };

const sweep = `name: s
seed: 1
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 20 }
metric: { name: loss, goal: minimize }
claims:
  - { claim: lr 0.02 ends lower than lr 0.01, metric: final_loss, expect: a < b, a: { optimizer.lr: 0.02 }, b: { optimizer.lr: 0.01 } }
parameters:
  optimizer.lr: { values: [0.01, 0.02] }
`;

/** Everything under `dir`, recursively (files and folders). */
function contents(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : [];
}

const refusal = (link: string, target: string, root: string) =>
  `${link} is a link to ${realpathSync(target)}, outside the workspace ${root}; Descent writes only inside its workspace (pass --allow-outside, or set DESCENT_ALLOW_OUTSIDE=1, to write there anyway)`;

describe('links that lead writes outside the workspace', SLOW, () => {
  it('exp run refuses experiments/runs/<sweep> linked elsewhere, naming both paths, as one line; --allow-outside writes there', async () => {
    const root = makeWorkspace();
    const elsewhere = tempFolder('descent-elsewhere-');
    writeSweep(root, 's', sweep);
    mkdirSync(join(root, 'experiments', 'runs'));
    symlinkSync(elsewhere, join(root, 'experiments', 'runs', 's'));
    const before = written(root);

    // A real child process: one line, exit 1, no stack trace.
    const refused = await runExp(root, ['run', 'sweeps/s.yaml', '--workers', '1']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(refusal('experiments/runs/s', elsewhere, root));
    expect(contents(elsewhere)).toEqual([]);
    expect(written(root)).toEqual(before);

    const allowed = await expIn(root, ['run', 'sweeps/s.yaml', '--workers', '1', '--allow-outside']);
    expect(allowed.code).toBe(0);
    expect(contents(elsewhere)).toContain('sweep.json');
    expect(storedRuns(root, 's')).toHaveLength(2); // read through the link: the store is where the user put it
    expect((await expIn(root, ['list'])).stdout).toMatch(/^s +2 +/m);
  });

  it('exp run refuses when experiments/runs itself, or reports/, leads outside; DESCENT_ALLOW_OUTSIDE=1 opts in', async () => {
    const root = makeWorkspace();
    const elsewhere = tempFolder('descent-elsewhere-');
    writeSweep(root, 's', sweep);
    symlinkSync(elsewhere, join(root, 'experiments', 'runs'));
    const run = await expIn(root, ['run', 'sweeps/s.yaml', '--workers', '1']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(refusal('experiments/runs', elsewhere, root));
    expect(contents(elsewhere)).toEqual([]);

    const env = { DESCENT_ALLOW_OUTSIDE: '1' };
    expect((await expIn(root, ['run', 'sweeps/s.yaml', '--workers', '1', '--no-report'], { env })).code).toBe(0);
    expect(contents(elsewhere)).toContain(join('s', 'sweep.json'));

    const reports = tempFolder('descent-elsewhere-');
    symlinkSync(reports, join(root, 'reports'));
    const report = await expIn(root, ['report', 's']);
    expect(report.code).toBe(1);
    expect(report.stderr.trim()).toBe(refusal('reports', reports, root));
    expect(contents(reports)).toEqual([]);
    expect((await expIn(root, ['report', 's', '--allow-outside'])).code).toBe(0);
    expect(contents(reports)).toEqual(['index.html', 's', join('s', 'index.html')]);
  });

  it('exp report, exp check and exp compare refuse reports/<sweep>, a dangling link, and reports/compare linked elsewhere', async () => {
    const root = makeWorkspace();
    writeSweep(root, 's', sweep);
    writeSweep(root, 't', sweep.replace('name: s', 'name: t'));
    for (const name of ['s', 't']) expect((await expIn(root, ['run', `sweeps/${name}.yaml`, '--workers', '1', '--no-report'])).code).toBe(0);
    const elsewhere = tempFolder('descent-elsewhere-');
    mkdirSync(join(root, 'reports'));

    // A link whose target does not exist yet: writing through it would create the target.
    const missing = join(elsewhere, 'not-yet');
    symlinkSync(missing, join(root, 'reports', 's'));
    const report = await expIn(root, ['report', 's']);
    expect(report.code).toBe(1);
    expect(report.stderr).toContain(`reports/s is a link to ${join(realpathSync(elsewhere), 'not-yet')}, outside the workspace ${root}`);
    const check = await expIn(root, ['check', 'sweeps/s.yaml', '--workers', '1']);
    // The runs are all stored, so check writes nothing and needs no permission: it reads the verdicts.
    expect(check.stderr).not.toContain('outside the workspace');
    expect(existsSync(missing)).toBe(false);

    symlinkSync(elsewhere, join(root, 'reports', 'compare'));
    const compare = await expIn(root, ['compare', 's', 't']);
    expect(compare.code).toBe(1);
    expect(compare.stderr.trim()).toBe(refusal('reports/compare', elsewhere, root));
    expect(contents(elsewhere)).toEqual([]);
    expect((await expIn(root, ['compare', 's', 't', '--allow-outside'])).code).toBe(0);
    expect(contents(elsewhere)).toEqual(['s-vs-t.html']);
  });

  it('exp check refuses before running what is missing', async () => {
    const root = makeWorkspace();
    const elsewhere = tempFolder('descent-elsewhere-');
    writeSweep(root, 's', sweep);
    mkdirSync(join(root, 'experiments', 'runs'));
    symlinkSync(elsewhere, join(root, 'experiments', 'runs', 's'));
    const check = await expIn(root, ['check', 'sweeps/s.yaml', '--workers', '1']);
    expect(check.code).toBe(1);
    expect(check.stderr.trim()).toBe(refusal('experiments/runs/s', elsewhere, root));
    expect(contents(elsewhere)).toEqual([]);
  });

  it('follows a link that stays inside the workspace without asking', async () => {
    const root = makeWorkspace();
    writeSweep(root, 's', sweep);
    mkdirSync(join(root, 'elsewhere-inside'));
    symlinkSync(join(root, 'elsewhere-inside'), join(root, 'reports'));
    const run = await expIn(root, ['run', 'sweeps/s.yaml', '--workers', '1']);
    expect(run.code).toBe(0);
    expect(contents(join(root, 'elsewhere-inside'))).toContain(join('s', 'index.html'));
  });
});
