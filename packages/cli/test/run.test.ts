import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConfigurationStanding } from '@descent/runner';
import type { RunSpec } from '@descent/sweep';
import { adaptiveOutcome } from '../src/commands/run.js';
import { brokenPlugin, expIn, makeWorkspace, recordBytes, runsDir, storedRuns, writeSweep, written } from './_exp.js';

// Each `exp run` here starts a worker pool, and the first command loads the whole training stack:
// allow for a busy two-core machine.
const SLOW = { timeout: 40_000 };

/** The ravine ½(x² + κy²), κ = 50: lr 0.01 converges; lr 0.05 > 2/κ diverges. */
const ravineSweep = (name: string, extra = '') => `
name: ${name}
seed: 5
problem:
  landscape: { name: ravine, condition: 50 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 100 }
metric: { name: loss, goal: minimize, target: 0.5 }
parameters:
  optimizer.lr: { values: [0.01, 0.05] }
${extra}`;

const badSweep = `name: bad
seed: 1
problem:
  dataset: { name: moon, size: 100 }
  loss: bce
optimizer: { name: sgd, lr: -1, weight_dekay: 0.1 }
train: { batch_size: 0, epochs: "2" }
metric: { name: test_loss, goal: minimize }
`;

describe('exp run', SLOW, () => {
  it('prints every issue of an invalid sweep as file:line:col: key: …, exit 1, and writes nothing', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'bad', badSweep);
    const { code, stderr } = await expIn(root, ['run', 'sweeps/bad.yaml']);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    const at = (line: number, key: string) => new RegExp(`^experiments/sweeps/bad\\.yaml:${line}:\\d+: ${key.replace('.', '\\.')}: `);
    expect(lines[0]).toMatch(at(4, 'problem.dataset.name'));
    expect(lines[0]).toContain("did you mean 'moons'?");
    expect(lines[1]).toMatch(at(6, 'optimizer.lr'));
    expect(lines[1]).toContain('got -1');
    expect(lines[2]).toMatch(at(6, 'optimizer.weight_dekay'));
    expect(lines[2]).toContain("did you mean 'weight_decay'?");
    expect(lines[3]).toMatch(at(7, 'train.batch_size'));
    expect(lines[4]).toMatch(at(7, 'train.epochs'));
    expect(lines[5]).toBe('5 issues in the sweep file; nothing was run.');
    expect(written(root)).toEqual([]);
    expect(existsSync(join(root, 'experiments', 'runs'))).toBe(false);
    expect(existsSync(join(root, 'reports'))).toBe(false);
  });

  it('lists the runs of the current sweep file, and those of an earlier version only with --all', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'ravine', ravineSweep('ravine'));
    expect((await expIn(root, ['run', 'sweeps/ravine.yaml', '--workers', '1', '--no-report'])).code).toBe(0);
    // Another budget is another configuration: two new runs, and the two old ones stay in the store.
    writeSweep(root, 'ravine', ravineSweep('ravine').replace('steps: 100', 'steps: 50'));
    expect((await expIn(root, ['run', 'sweeps/ravine.yaml', '--workers', '1', '--no-report'])).code).toBe(0);
    const rows = (text: string) => text.split('\n').filter((line) => /^[0-9a-f]{12} /.test(line)).length;
    // The overview counts the current definition's runs and the earlier version's apart.
    expect((await expIn(root, ['list'])).stdout).toMatch(/^ravine +2 +1 +1 +0 +0 +0 +0 +2$/m);
    const current = await expIn(root, ['list', 'ravine']);
    expect(rows(current.stdout)).toBe(2);
    expect(current.stdout).toContain('2 stored runs from earlier versions of the sweep file not shown');
    // A column for each setting that varies between the runs listed, so no two configurations look alike.
    expect(current.stdout).toMatch(/^run +rep +status +optimizer\.lr +final loss +wall$/m);
    expect(current.stdout).toMatch(/^[0-9a-f]{12} +0 +finished +0\.01 +\S+ +\S+s$/m);
    expect(current.stdout).toMatch(/^[0-9a-f]{12} +0 +diverged +0\.05 +\S+ +\S+s$/m);
    const all = await expIn(root, ['list', 'ravine', '--all']);
    expect(rows(all.stdout)).toBe(4);
    expect(all.stdout).toMatch(/^run +rep +status +optimizer\.lr +train\.steps +final loss +wall$/m);
    expect(all.stdout).toMatch(/^[0-9a-f]{12} +0 +finished +0\.01 +50 /m);
  });

  it('--dry-run prints the runs and writes nothing', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'ravine', ravineSweep('ravine', 'replicates: 2'));
    const { code, stdout } = await expIn(root, ['run', 'sweeps/ravine.yaml', '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toContain('ravine: 4 runs (2 configurations × 2 replicates)');
    expect(stdout.match(/^ {2}[0-9a-f]{12} {2}replicate [01] {2}optimizer\.lr=0\.0[15]$/gm)).toHaveLength(4);
    expect(written(root)).toEqual([]);
  });

  it('--dry-run states the fewest and the most runs of adaptive replicates, and lists the first round', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'ravine', ravineSweep('ravine', 'replicates: { min: 3, max: 30, step: 4 }'));
    const { code, stdout } = await expIn(root, ['run', 'sweeps/ravine.yaml', '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toContain('ravine: between 6 and 60 runs: min 3 … max 30 replicates of 2 configurations');
    expect(stdout).toContain('rounds of 4 more go only to configurations whose verdict against the best is still undecided');
    expect(stdout).toContain('note: with fewer than 6 replicates no rank test reaches p ≤ 0.05');
    expect(stdout.match(/^ {2}[0-9a-f]{12} {2}replicate [012] {2}optimizer\.lr=0\.0[15]$/gm)).toHaveLength(6);
    expect(written(root)).toEqual([]);
  });

  it('--dry-run --shard refuses a sweep decided in rounds, as the run itself would', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'ravine', ravineSweep('ravine', 'replicates: { min: 3, max: 30, step: 4 }'));
    const { code, stdout, stderr } = await expIn(root, ['run', 'sweeps/ravine.yaml', '--dry-run', '--shard', '0/2']);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('run: --shard splits a fixed set of runs; experiments/sweeps/ravine.yaml adds replicates in rounds decided by one coordinating process (spread its runs with --queue instead)');
    expect(stdout).toBe('');
  });

  it('refuses a sweep over the confirmation threshold without --yes, printing the count', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'ravine', ravineSweep('ravine', 'replicates: 3'));
    const { code, stderr } = await expIn(root, ['run', 'sweeps/ravine.yaml'], { env: { DESCENT_CONFIRM_RUNS: '5' } });
    expect(code).toBe(1);
    expect(stderr).toContain('the sweep expands to 6 runs (more than 5)');
    expect(stderr).toContain('--yes');
    expect(written(root)).toEqual([]);
  });

  it('runs a sweep over the threshold with --yes', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'ravine', ravineSweep('ravine', 'replicates: 3'));
    const { code } = await expIn(root, ['run', 'sweeps/ravine.yaml', '--yes', '--workers', '2', '--no-report'], { env: { DESCENT_CONFIRM_RUNS: '5' } });
    expect(code).toBe(0);
    expect(storedRuns(root, 'ravine')).toHaveLength(6);
  });

  it('names a plugin that fails to load, exit 1, and writes nothing', async () => {
    const root = makeWorkspace();
    writeFileSync(join(root, 'experiments', 'sweeps', 'throws.ts'), "throw new Error('broken on import');\n");
    // An optimizer name that is no built-in: only then is a plugin imported.
    writeSweep(root, 'plug', `plugins: [./throws.ts]\n${ravineSweep('plug')}\n  optimizer.name: { values: [sgd, thrower] }\n`);
    const { code, stderr } = await expIn(root, ['run', 'sweeps/plug.yaml']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^experiments\/sweeps\/plug\.yaml:1:\d+: plugins: \.\/throws\.ts .*broken on import/m);
    expect(stderr).toContain('nothing was run');
    expect(written(root)).toEqual([]);
  });

  it('exits 1 when a run fails, storing the other runs, and says which failed', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'mixed', `plugins: [${brokenPlugin}]\n${ravineSweep('mixed')}\n  optimizer.name: { values: [sgd, throws_in_update] }\n`);
    const { code, stderr } = await expIn(root, ['run', 'sweeps/mixed.yaml', '--workers', '2', '--no-report', '--allow-plugin', brokenPlugin]);
    expect(code).toBe(1);
    const runs = storedRuns(root, 'mixed');
    expect(runs).toHaveLength(4);
    const statuses = runs.map((id) => JSON.parse(readFileSync(join(runsDir(root, 'mixed'), id, 'record.json'), 'utf8')).status).sort();
    // sgd: lr 0.01 finishes, lr 0.05 diverges; the plugin fails at step 2 under both learning rates.
    expect(statuses).toEqual(['diverged', 'failed', 'failed', 'finished']);
    expect(stderr.match(/^failed: [0-9a-f]{12}: optimizer 'throws_in_update' \(plugin .*broken\.mjs\) threw in update/gm)).toHaveLength(2);
  });

  it('runs several sweep files on the same threads, at once with 2 workers, each to the bytes it gets alone, with its report and its output in the order of the files', async () => {
    const moons = `name: moons-small
seed: 9
problem:
  dataset: { name: moons, size: 60, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [5], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: momentum, lr: 0.1, momentum: 0.9 }
train: { batch_size: 8, epochs: 3 }
metric: { name: test_loss, goal: minimize }
parameters:
  optimizer.momentum: { values: [0, 0.9] }
`;
    const together = makeWorkspace();
    writeSweep(together, 'ravine', ravineSweep('ravine'));
    writeSweep(together, 'moons-small', moons);
    const both = await expIn(together, ['run', 'sweeps/moons-small.yaml', 'sweeps/ravine.yaml', '--workers', '1']);
    expect(both.code).toBe(0);
    expect(both.stdout).toMatch(/moons-small: 2 finished, 0 diverged, 0 failed this time[\s\S]*ravine: 1 finished, 1 diverged, 0 failed this time/);
    for (const name of ['moons-small', 'ravine']) expect(existsSync(join(together, 'reports', name, 'index.html'))).toBe(true);

    // Two workers: the sweeps run at once on the pool; each one's lines still come as one block, in the files' order.
    const atOnce = makeWorkspace();
    writeSweep(atOnce, 'ravine', ravineSweep('ravine'));
    writeSweep(atOnce, 'moons-small', moons);
    const two = await expIn(atOnce, ['run', 'sweeps/moons-small.yaml', 'sweeps/ravine.yaml', '--workers', '2']);
    expect(two.code).toBe(0);
    const blocks = two.stdout.trim().split('\n\n');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(/^2 sweeps at once on the same threads: .*\nmoons-small: 2 runs, 2 to do;[\s\S]*moons-small: 2 finished, 0 diverged, 0 failed this time\n2 runs in [\d.]+ s on 2 workers [\s\S]*report: .*moons-small/);
    expect(blocks[1]).toMatch(/^ravine: 2 runs, 2 to do;[\s\S]*ravine: 1 finished, 1 diverged, 0 failed this time\n2 runs in [\d.]+ s on 2 workers [\s\S]*report: .*ravine/);
    expect(blocks[0]).not.toContain('ravine');
    for (const name of ['moons-small', 'ravine']) expect(existsSync(join(atOnce, 'reports', name, 'index.html'))).toBe(true);

    for (const [name, text] of [['ravine', ravineSweep('ravine')], ['moons-small', moons]]) {
      const alone = makeWorkspace();
      writeSweep(alone, name, text);
      expect((await expIn(alone, ['run', `sweeps/${name}.yaml`, '--workers', '1', '--no-report'])).code).toBe(0);
      expect(recordBytes(together, name)).toEqual(recordBytes(alone, name));
      expect(recordBytes(atOnce, name)).toEqual(recordBytes(alone, name));
    }
  });

  it('checks every sweep file before running any: all their problems, exit 1, nothing written', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'ravine', ravineSweep('ravine'));
    writeSweep(root, 'bad', badSweep);
    writeSweep(root, 'twin', ravineSweep('ravine'));
    const { code, stderr } = await expIn(root, ['run', 'sweeps/ravine.yaml', 'sweeps/bad.yaml', 'sweeps/twin.yaml']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^experiments\/sweeps\/bad\.yaml:4:\d+: problem\.dataset\.name: /m);
    expect(stderr).toContain("experiments/sweeps/twin.yaml: name 'ravine' is also the name of experiments/sweeps/ravine.yaml");
    expect(stderr.trim().split('\n').at(-1)).toBe('2 of 3 sweep files have problems; nothing was run.');
    expect(written(root)).toEqual([]);
  });

  describe('after one run of a finished sweep is deleted, or one of its files edited in place', () => {
    const root = makeWorkspace();
    beforeAll(async () => {
      writeSweep(root, 'ravine', ravineSweep('ravine', 'replicates: 2'));
      expect((await expIn(root, ['run', 'sweeps/ravine.yaml', '--workers', '1', '--no-report'])).code).toBe(0);
    }, 60_000);

    // The run states cache (.run-states.json) answers for runs whose files' stamps are unchanged: each change below
    // must still be seen, and only the run it touched trained again, to the bytes it had.
    const runAgain = async () => {
      const again = await expIn(root, ['run', 'sweeps/ravine.yaml', '--workers', '1', '--no-report']);
      expect(again.code).toBe(0);
      return again.stdout;
    };
    const cases: [string, (dir: string) => void][] = [
      ['its folder deleted', (dir) => rmSync(dir, { recursive: true })],
      // The same inode: its folder's own times do not change when a file in it is rewritten, only the file's do.
      ['its record cut short in place', (dir) => writeFileSync(join(dir, 'record.json'), readFileSync(join(dir, 'record.json'), 'utf8').slice(0, -20))],
      ['its meta.json emptied in place', (dir) => writeFileSync(join(dir, 'meta.json'), '')],
    ];
    it.each(cases)('%s: exp run trains exactly that run again', async (_, change) => {
      const before = recordBytes(root, 'ravine');
      expect(await runAgain()).toContain('ravine: 4 runs, 0 to do (4 already finished)');
      const id = [...before.keys()][1];
      change(join(runsDir(root, 'ravine'), id));
      expect(await runAgain()).toContain('ravine: 4 runs, 1 to do (3 already finished)');
      expect(recordBytes(root, 'ravine')).toEqual(before);
      expect(await runAgain()).toContain('ravine: 4 runs, 0 to do (4 already finished)');
    });
  });

  describe('on a finished sweep', () => {
    const root = makeWorkspace();
    let result: Awaited<ReturnType<typeof expIn>>;

    beforeAll(async () => {
      writeSweep(root, 'ravine', ravineSweep('ravine', 'replicates: 2'));
      result = await expIn(root, ['run', 'sweeps/ravine.yaml', '--workers', '2']);
    }, 60_000);

    it('exits 0 although runs diverged, and stores every run', () => {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('ravine: 2 finished, 2 diverged, 0 failed this time');
      expect(storedRuns(root, 'ravine')).toHaveLength(4);
    });

    it('renders reports/<sweep>/index.html and reports/index.html, naming the sweep, atomically', () => {
      for (const file of [join(root, 'reports', 'ravine', 'index.html'), join(root, 'reports', 'index.html')]) {
        const html = readFileSync(file, 'utf8');
        expect(html).toMatch(/^<!doctype html>/i);
        expect(html).toContain('ravine');
      }
      // Written under a temporary name and renamed: nothing else is left in the folders.
      expect(readdirSync(join(root, 'reports')).sort()).toEqual(['index.html', 'ravine']);
      expect(readdirSync(join(root, 'reports', 'ravine'))).toEqual(['index.html']);
    });

    it('skips every finished run the second time', async () => {
      const before = recordBytes(root, 'ravine');
      const again = await expIn(root, ['run', 'sweeps/ravine.yaml', '--no-report']);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('ravine: 4 runs, 0 to do (4 already finished)');
      expect(again.stdout).toContain('0 finished, 0 diverged, 0 failed this time; 4 skipped');
      expect(recordBytes(root, 'ravine')).toEqual(before);
    });

    it('exp list shows the sweep with its status counts, and its runs', async () => {
      const all = await expIn(root, ['list']);
      expect(all.code).toBe(0);
      expect(all.stdout).toMatch(/^sweep +runs +finished +diverged +failed +pruned +damaged +not yet run +earlier versions$/m);
      expect(all.stdout).toMatch(/^ravine +4 +2 +2 +0 +0 +0 +0 +0$/m);
      const one = await expIn(root, ['list', 'ravine']);
      expect(one.code).toBe(0);
      for (const id of storedRuns(root, 'ravine')) expect(one.stdout).toContain(id);
      expect(one.stdout.match(/ diverged /g)).toHaveLength(2);
    });

    it('exp show finds a run by a prefix of its id', async () => {
      const id = storedRuns(root, 'ravine')[0];
      const { code, stdout } = await expIn(root, ['show', id.slice(0, 5)]);
      expect(code).toBe(0);
      expect(stdout).toContain(`run ${id} of sweep ravine`);
      expect(stdout).toMatch(/^status: (finished|diverged)$/m);
      const missing = await expIn(root, ['show', 'fffffffffff0']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("show: no run 'fffffffffff0'");
    });

    it('exp show takes a whole run id as its folder, over longer ids it prefixes', async () => {
      const id = storedRuns(root, 'ravine')[0];
      const longer = join(root, 'experiments', 'runs', 'ravine-longer', `${id}00`);
      try {
        // Found without listing the sweep's folders (exp show at 100,000 runs), yet the same run a prefix finds.
        mkdirSync(longer, { recursive: true });
        const whole = await expIn(root, ['show', id]);
        expect(whole.code).toBe(0);
        expect(whole.stdout).toContain(`run ${id} of sweep ravine`);
        expect(whole.stdout).toContain(`files: ${join(runsDir(root, 'ravine'), id)}`);
        // A shorter prefix still matches both folders.
        const prefix = await expIn(root, ['show', id.slice(0, 6)]);
        expect(prefix.code).toBe(1);
        expect(prefix.stderr).toContain(`ravine-longer/${id}00`);
      } finally {
        rmSync(dirname(longer), { recursive: true, force: true });
      }
    });

    it('exp verify re-runs the stored runs bit for bit, and fails once a stored number is edited', async () => {
      const ok = await expIn(root, ['verify', 'ravine', '--all']);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('4 of 4 runs reproduced bit for bit');

      const id = storedRuns(root, 'ravine').find((r) => readFileSync(join(runsDir(root, 'ravine'), r, 'record.json'), 'utf8').includes('"status":"finished"'))!;
      const file = join(runsDir(root, 'ravine'), id, 'record.json');
      const original = readFileSync(file, 'utf8');
      const edited = original.replace(/"bestLoss":([0-9.e-]+)/, (_, v: string) => `"bestLoss":${Number(v) * 0.5}`);
      expect(edited).not.toBe(original);
      writeFileSync(file, edited);
      try {
        const bad = await expIn(root, ['verify', 'ravine', '--all']);
        expect(bad.code).toBe(1);
        expect(bad.stdout).toMatch(new RegExp(`✗ ${id} \\(finished\\) DIFFERS from the stored record, first at summary\\.bestLoss: `));
        expect(bad.stdout).toContain('3 of 4 runs reproduced bit for bit');
      } finally {
        writeFileSync(file, original);
      }
    });

    it('recognises runs of an older record format: run, list, report and verify say how many and what to do, and leave them out', async () => {
      // A record as Descent wrote it before paired seeds (schema 1, no stream seeds), by hand.
      const [current] = storedRuns(root, 'ravine');
      const record = JSON.parse(readFileSync(join(runsDir(root, 'ravine'), current, 'record.json'), 'utf8'));
      delete record.seeds;
      const old = { ...record, schema: 1, runId: 'aaaaaaaaaaaa', seed: '0123456789abcdef' };
      const oldDir = join(runsDir(root, 'ravine'), old.runId);
      mkdirSync(oldDir);
      writeFileSync(join(oldDir, 'record.json'), JSON.stringify(old) + '\n');
      const note = `note: experiments/runs/ravine holds 1 run of 'ravine' recorded by an older version of Descent (record schema before 4), whose results this version would not reproduce; it is left out of runs, lists and reports. \`pnpm exp run sweeps/ravine.yaml\` trains the sweep's runs again, replacing their records; to start clean, delete experiments/runs/ravine first.`;
      try {
        const run = await expIn(root, ['run', 'sweeps/ravine.yaml', '--no-report']);
        expect(run.code).toBe(0);
        expect(run.stderr).toContain(note);
        expect(run.stdout).toContain('ravine: 4 runs, 0 to do (4 already finished)');

        const all = await expIn(root, ['list']);
        expect(all.stderr).toContain(note);
        expect(all.stdout).toMatch(/^ravine +4 +2 +2 +0 +0 +0 +0 +0$/m);
        const one = await expIn(root, ['list', 'ravine', '--all']);
        expect(one.stderr).toContain(note);
        expect(one.stdout).not.toContain(old.runId);

        const report = await expIn(root, ['report', 'ravine']);
        expect(report.code).toBe(0);
        expect(report.stderr).toContain(note);
        expect(readFileSync(join(root, 'reports', 'ravine', 'index.html'), 'utf8')).not.toContain(old.runId);

        const verify = await expIn(root, ['verify', 'ravine', '--all']);
        expect(verify.code).toBe(0);
        expect(verify.stderr).toContain(note);
        expect(verify.stdout).toContain('4 of 4 runs reproduced bit for bit');
      } finally {
        rmSync(oldDir, { recursive: true, force: true });
      }
    });
  });
});

/** A small MLP on two moons, two learning rates: what record schema 4 retrains through capturedStep. */
const moonsSweep = `
name: moons-mlp
seed: 3
problem:
  dataset: { name: moons, size: 60, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [4], activation: tanh }
  loss: bce
optimizer: { name: sgd, lr: 0.1 }
train: { batch_size: 8, epochs: 2 }
metric: { name: test_loss, goal: minimize }
parameters:
  optimizer.lr: { values: [0.1, 0.3] }
`;

describe('exp run on a store from before record schema 4 (MLPs trained through the hand-fused step)', SLOW, () => {
  it("leaves an MLP's schema-3 record out, says so, and trains the run again under the same id, replacing the record", async () => {
    const root = makeWorkspace();
    writeSweep(root, 'moons-mlp', moonsSweep);
    expect((await expIn(root, ['run', 'sweeps/moons-mlp.yaml', '--workers', '1', '--no-report'])).code).toBe(0);
    const [id, other] = storedRuns(root, 'moons-mlp');
    const file = join(runsDir(root, 'moons-mlp'), id, 'record.json');
    const fresh = readFileSync(file, 'utf8');
    // As the engine before schema 4 left it: schema 3, and a loss whose last bits differ.
    const record = JSON.parse(fresh);
    expect(record.schema).toBe(4);
    record.schema = 3;
    record.summary.finalLoss = record.summary.finalLoss * (1 + 2 ** -40);
    writeFileSync(file, JSON.stringify(record) + '\n');
    const note = `note: experiments/runs/moons-mlp holds 1 run of 'moons-mlp' recorded by an older version of Descent (record schema before 4), whose results this version would not reproduce; it is left out of runs, lists and reports. \`pnpm exp run sweeps/moons-mlp.yaml\` trains the sweep's runs again, replacing their records; to start clean, delete experiments/runs/moons-mlp first.`;

    const listed = await expIn(root, ['list', 'moons-mlp', '--all']);
    expect(listed.stderr).toContain(note);
    expect(listed.stdout).toContain(other);
    expect(listed.stdout).not.toContain(id);

    const run = await expIn(root, ['run', 'sweeps/moons-mlp.yaml', '--workers', '1', '--no-report']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(note);
    expect(run.stdout).toContain('moons-mlp: 2 runs, 1 to do (1 already finished)');
    // Trained again: today's record, byte for byte (a run's record depends only on its spec), in the same folder.
    expect(readFileSync(file, 'utf8')).toBe(fresh);
    expect(storedRuns(root, 'moons-mlp')).toEqual([id, other]);
    const again = await expIn(root, ['list', 'moons-mlp', '--all']);
    expect(again.stderr).not.toContain('older version');
    expect(again.stdout).toContain(id);
  });
});

describe("the line that says how an adaptive sweep's rounds ended", () => {
  const standing = (replicates: number, verdict: ConfigurationStanding['verdict']): ConfigurationStanding => ({ key: `k${replicates}${verdict}`, problem: 'p', replicates, verdict });
  const runs = (n: number) => Array.from({ length: n }, () => ({}) as RunSpec);

  it('gives the fewest and the most replicates of a configuration, or one number when every configuration took as many', () => {
    expect(adaptiveOutcome('momentum', { runs: runs(440), rounds: 4, stopped: 'decided', standings: [standing(12, 'leader'), standing(3, 'better'), standing(7, 'better')] })).toBe(
      'momentum: every verdict decided in 4 rounds: 440 runs, 3 to 12 replicates per configuration',
    );
    expect(adaptiveOutcome('momentum', { runs: runs(440), rounds: 3, stopped: 'decided', standings: [standing(11, 'leader'), standing(11, 'better')] })).toBe(
      'momentum: every verdict decided in 3 rounds: 440 runs, 11 replicates per configuration',
    );
    expect(adaptiveOutcome('m', { runs: runs(60), rounds: 5, stopped: 'max', standings: [standing(30, 'leader'), standing(30, 'undecided'), standing(9, 'better')] })).toBe(
      'm: 1 configuration still undecided at the maximum of replicates after 5 rounds: 60 runs, 9 to 30 replicates per configuration',
    );
  });

  it('counts 150,000 configurations without overflowing the call stack', () => {
    const many = Array.from({ length: 150_000 }, (_, i) => standing(3 + (i % 5), 'better'));
    expect(adaptiveOutcome('big', { runs: runs(1), rounds: 2, stopped: 'decided', standings: many })).toBe('big: every verdict decided in 2 rounds: 1 run, 3 to 7 replicates per configuration');
  });
});
