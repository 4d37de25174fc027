import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRecordText, encodeRecord, loadCatalog, trainRun, type RunRecord } from '@descent/runner';
import { tempFolder } from '@descent/runner/testing';
import { expIn, makeWorkspace, recordBytes, runExp, runsDir, storedRuns, writeSweep, written } from './_exp.js';

/**
 * Plugins are user code, trusted no more than they must be (issue 15, class 5): only files inside the
 * workspace (or named with --allow-plugin), imported only where a run uses them, never ending the process,
 * never breaking the error formatter with what they throw, never changing the built-ins other runs use.
 */

/** A valid optimizer with no imports (so it loads from any folder), plus `extra` code at its top level or in `update`. */
const optimizer = (name: string, { top = '', inUpdate = '' } = {}) => `${top}
export default {
  name: '${name}',
  description: 'gradient descent, for the plugin trust tests',
  rule: 'θ ← θ − α·g',
  hyperparameters: { lr: { type: 'number', default: 0.01, min: 0, description: 'learning rate' } },
  init: () => ({}),
  update({ params, grads, state, hp, step }) {
    ${inUpdate}
    params.forEach((theta, p) => theta.forEach((x, i) => (theta[i] = x - hp.lr * grads[p][i])));
    return { params, state };
  },
};
`;

/** Moons with a bce loss: its training computes Math.exp (the sigmoid), so a patched Math.exp shows in the records. */
const sweep = (name: string, plugins: string[], names: string[]) => `
name: ${name}
seed: 3
plugins: [${plugins.join(', ')}]
problem:
  dataset: { name: moons, size: 80, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [4], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: sgd, lr: 0.1 }
train: { batch_size: 8, epochs: 2 }
metric: { name: test_loss, goal: minimize }
parameters:
  optimizer.name: { values: [${names.join(', ')}] }
`;

function pluginFile(root: string, file: string, text: string): string {
  mkdirSync(join(root, 'experiments', 'plugins'), { recursive: true });
  const path = join(root, 'experiments', 'plugins', file);
  writeFileSync(path, text);
  return path;
}

/** What a command wrote: everything but the sweep and plugin files the test wrote. */
const stored = (root: string) => written(root).filter((file) => !file.startsWith('experiments/plugins/'));

const records = (root: string, name: string): RunRecord[] => storedRuns(root, name).map((id) => decodeRecordText(readFileSync(join(runsDir(root, name), id, 'record.json'), 'utf8')));

describe('(a) a plugin file outside the workspace', () => {
  it('is refused, naming the entry, the resolved path, the workspace and --allow-plugin; with --allow-plugin it loads and is printed', async () => {
    const root = makeWorkspace();
    const elsewhere = tempFolder('descent-elsewhere-');
    const outside = join(elsewhere, 'far.ts');
    writeFileSync(outside, optimizer('far'));
    writeSweep(root, 'out', sweep('out', [outside], ['far']));
    const refused = await expIn(root, ['run', 'sweeps/out.yaml', '--no-report']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`^experiments/sweeps/out\\.yaml:4:\\d+: plugins: ${outside}: is outside the workspace ${root}; .*--allow-plugin ${outside}$`, 'm'),
    );
    expect(stored(root)).toEqual([]);

    const allowed = await expIn(root, ['run', 'sweeps/out.yaml', '--no-report', '--allow-plugin', outside, '--workers', '1']);
    expect(allowed.code).toBe(0);
    const hash = createHash('sha256').update(readFileSync(outside)).digest('hex');
    expect(allowed.stdout.split('\n').filter((l) => l.startsWith('plugin: '))).toEqual([`plugin: ${outside} (sha256 ${hash.slice(0, 8)}…)`]);
  });

  it('is refused when reached by ../ or through a symlink inside the workspace; a file inside is printed relative to the cwd', async () => {
    const root = makeWorkspace();
    const elsewhere = tempFolder('descent-elsewhere-');
    writeFileSync(join(elsewhere, 'far.ts'), optimizer('far'));
    pluginFile(root, 'near.ts', optimizer('near'));
    symlinkSync(join(elsewhere, 'far.ts'), join(root, 'experiments', 'plugins', 'link.ts'));
    const upwards = join('..', '..', '..', ...elsewhere.split('/').filter(Boolean).slice(-1), 'far.ts'); // from experiments/sweeps/
    for (const spec of ['../plugins/link.ts', upwards]) {
      writeSweep(root, 'up', sweep('up', [spec], ['far']));
      const { code, stderr } = await expIn(root, ['run', 'sweeps/up.yaml', '--no-report']);
      expect(code).toBe(1);
      expect(stderr).toContain(`plugins: ${spec} (`);
      expect(stderr).toContain(`is outside the workspace ${root}`);
    }
    writeSweep(root, 'near', sweep('near', ['../plugins/near.ts'], ['near']));
    const { code, stdout } = await expIn(root, ['run', 'sweeps/near.yaml', '--no-report', '--workers', '1']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^plugin: experiments\/plugins\/near\.ts \(sha256 [0-9a-f]{8}…\)$/m);
  });

  it('is refused by optimizers check, and loads there with --allow-plugin', async () => {
    const root = makeWorkspace();
    const outside = join(tempFolder('descent-elsewhere-'), 'far.ts');
    writeFileSync(outside, optimizer('far'));
    const refused = await expIn(root, ['optimizers', 'check', outside]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`--allow-plugin ${outside}`);
    const allowed = await expIn(root, ['optimizers', 'check', outside, '--allow-plugin', outside]);
    expect(allowed.stdout).toContain(`plugin: ${outside} (sha256 `);
  });
});

describe('(b) a plugin used by no run', () => {
  it('is not imported at all when every optimizer name in the sweep is a built-in, with a warning', async () => {
    const root = makeWorkspace();
    pluginFile(root, 'boom.ts', "throw new Error('this plugin was imported');\n");
    writeSweep(root, 'builtin', sweep('builtin', ['../plugins/boom.ts'], ['sgd', 'momentum']));
    const { code, stdout, stderr } = await expIn(root, ['run', 'sweeps/builtin.yaml', '--no-report', '--workers', '2']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^experiments\/sweeps\/builtin\.yaml:4:\d+: plugins: \.\.\/plugins\/boom\.ts is used by no run \(not imported\)$/m);
    expect(stdout).not.toContain('plugin: ');
    expect(storedRuns(root, 'builtin')).toHaveLength(2);
  });

  it('is imported by the main thread only when needed to validate, and by a worker only for its own runs', async () => {
    const root = makeWorkspace();
    // Both plugins refuse to load in a worker thread: a worker that imported one for a run that does not use it would fail that run.
    const top = "import { isMainThread } from 'node:worker_threads';\nif (!isMainThread) throw new Error('imported in a worker thread');";
    pluginFile(root, 'used.ts', optimizer('used', { top }));
    pluginFile(root, 'spare.ts', optimizer('spare', { top }));
    writeSweep(root, 'some', sweep('some', ['../plugins/used.ts', '../plugins/spare.ts'], ['sgd', 'used', 'momentum']));
    const { code, stderr } = await expIn(root, ['run', 'sweeps/some.yaml', '--no-report', '--workers', '1']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^experiments\/sweeps\/some\.yaml:4:\d+: plugins: \.\.\/plugins\/spare\.ts is used by no run \(imported to validate the sweep\)$/m);
    expect(stderr).not.toMatch(/used\.ts is used by no run/);
    const byName = new Map(records(root, 'some').map((r) => [r.config.optimizer.name, r]));
    expect(byName.get('sgd')!.status).toBe('finished');
    expect(byName.get('momentum')!.status).toBe('finished');
    expect(byName.get('used')!.status).toBe('failed');
    expect(byName.get('used')!.error).toMatchObject({ plugin: '../plugins/used.ts', message: expect.stringContaining('imported in a worker thread') });
  });
});

describe('(c) a plugin that ends the process', () => {
  it('fails the command, naming the plugin, when its top level calls process.exit(0)', async () => {
    const root = makeWorkspace();
    pluginFile(root, 'exits.ts', optimizer('exits', { top: 'process.exit(0);' }));
    writeSweep(root, 'ex', sweep('ex', ['../plugins/exits.ts'], ['exits']));
    const { code, stderr } = await runExp(root, ['run', 'experiments/sweeps/ex.yaml']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/plugins: \.\.\/plugins\/exits\.ts \(.*\): calls process\.exit\(0\) while loading; a plugin must not end the process$/m);
    expect(stored(root)).toEqual([]);
  });

  it('turns an exit before the command finished (a timer the plugin left) into a failure with one line', async () => {
    const root = makeWorkspace();
    pluginFile(root, 'later.ts', optimizer('later', { top: 'setTimeout(() => process.exit(0), 0);' }));
    writeSweep(root, 'later', sweep('later', ['../plugins/later.ts'], ['later']));
    const { code, stderr } = await runExp(root, ['run', 'experiments/sweeps/later.yaml']);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^exp: the process was ended \(exit code 0\) before the command finished.*treated as a failure \(exit code 1\)$/);
  });

  it('records a run whose thread the plugin ends while training as failed, naming the plugin', async () => {
    const root = makeWorkspace();
    pluginFile(root, 'dies.ts', optimizer('dies', { inUpdate: 'if (step === 1) process.exit(3);' }));
    writeSweep(root, 'dies', sweep('dies', ['../plugins/dies.ts'], ['dies', 'sgd']));
    const { code } = await expIn(root, ['run', 'sweeps/dies.yaml', '--no-report', '--workers', '1']);
    expect(code).toBe(1);
    const byName = new Map(records(root, 'dies').map((r) => [r.config.optimizer.name, r]));
    expect(byName.get('dies')!.error).toMatchObject({ plugin: '../plugins/dies.ts', message: expect.stringContaining('its worker thread died') });
    expect(byName.get('sgd')!.status).toBe('finished');
  });
});

describe('(d) a plugin that throws something that is not an Error', () => {
  const hostile: [string, string, RegExp][] = [
    ['a null-prototype object', 'Object.create(null)', /a thrown Object with no message/],
    ['an object whose message getter throws', "{ get message() { throw new Error('no'); } }", /a thrown Object with no message/],
    ['a Symbol', "Symbol('boom')", /a thrown Symbol\(boom\)/],
    // Node's module loader reads a thrown value's stack itself, so at import the trap's own error may arrive instead.
    ['a Proxy that throws on every trap', "new Proxy({}, new Proxy({}, { get: () => () => { throw new Error('trap'); } }))", /(a thrown value that cannot be described \(it throws when read\)|trap)/],
  ];

  it.each(hostile)('is described when %s is thrown on import: one line, exit 1', async (_, value, described) => {
    const root = makeWorkspace();
    pluginFile(root, 'hostile.ts', `throw ${value};\n`);
    writeSweep(root, 'h', sweep('h', ['../plugins/hostile.ts'], ['sgd', 'hostile']));
    const { code, stderr } = await runExp(root, ['run', 'experiments/sweeps/h.yaml']);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^experiments/sweeps/h\\.yaml:4:\\d+: plugins: \\.\\./plugins/hostile\\.ts \\(.*\\): throws on import: ${described.source}$`, 'm'));
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('is described in the failed record when update throws it, naming the plugin', async () => {
    const root = makeWorkspace();
    const optimizers = hostile.map(([, value], i) => optimizer(`hostile${i}`, { inUpdate: `throw ${value};` }).replace('export default', `export const h${i} =`));
    pluginFile(root, 'hostile.ts', optimizers.join('\n'));
    writeSweep(root, 'hu', sweep('hu', ['../plugins/hostile.ts'], hostile.map((_, i) => `hostile${i}`)));
    const { code, stderr } = await runExp(root, ['run', 'experiments/sweeps/hu.yaml', '--no-report', '--workers', '1']);
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/^\s+at /m);
    const byName = new Map(records(root, 'hu').map((r) => [r.config.optimizer.name, r]));
    hostile.forEach(([, , described], i) => {
      const { error } = byName.get(`hostile${i}`)!;
      expect(error!.plugin).toBe('../plugins/hostile.ts');
      expect(error!.message).toMatch(new RegExp(`threw in update: ${described.source}`));
    });
  });
});

describe('(e) a plugin that patches a built-in', () => {
  const patch = 'const exp = Math.exp; Math.exp = (x) => exp(x) * (1 + 1e-9);';

  it('is refused when it patches Math.exp on import', async () => {
    const root = makeWorkspace();
    pluginFile(root, 'patch.ts', optimizer('patcher', { top: patch }));
    writeSweep(root, 'p', sweep('p', ['../plugins/patch.ts'], ['sgd', 'patcher']));
    const { code, stderr } = await expIn(root, ['run', 'sweeps/p.yaml']);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /plugins: \.\.\/plugins\/patch\.ts \(.*\): changes the built-in Math\.exp; a plugin may not change JavaScript's built-ins \(other runs in the same thread would compute with it\)$/m,
    );
    expect(Math.exp(1)).toBe(Math.E); // put back in this thread too
    expect(stored(root)).toEqual([]);
  });

  it('fails its runs when it patches Math.exp while training, and the built-in runs after it in the same thread keep their bytes', async () => {
    const root = makeWorkspace();
    // An ES module (.mts: this workspace's package.json has no "type": "module", so a .ts file would load as
    // sloppy CommonJS, where assigning a frozen built-in silently does nothing): the assignment throws.
    pluginFile(root, 'patch.mts', optimizer('patcher', { inUpdate: patch }));
    // What hardening leaves writable (the array prototypes, for speed) is checked after the run, and put back.
    pluginFile(root, 'species.ts', optimizer('species', { inUpdate: 'Float64Array.prototype.fill = function () { return this; };' }));
    writeSweep(root, 'mix', sweep('mix', ['../plugins/patch.mts', '../plugins/species.ts'], ['patcher', 'species', 'sgd', 'momentum']));
    const { code } = await expIn(root, ['run', 'sweeps/mix.yaml', '--no-report', '--workers', '1']);
    expect(code).toBe(1);
    const byName = new Map(records(root, 'mix').map((r) => [r.config.optimizer.name, r]));
    expect(byName.get('patcher')!.error).toMatchObject({
      plugin: '../plugins/patch.mts',
      message: expect.stringMatching(/threw in update: Cannot assign to read only property 'exp' .*\(JavaScript's built-ins are frozen in the threads that train runs/),
    });
    expect(byName.get('species')!.error).toEqual({
      plugin: '../plugins/species.ts',
      message:
        "optimizer 'species' (plugin ../plugins/species.ts) changes the built-in Float64Array.prototype.fill while training; a plugin may not change JavaScript's built-ins (other runs in the same thread would compute with it)",
    });

    const clean = makeWorkspace();
    writeSweep(clean, 'mix', sweep('mix', [], ['sgd', 'momentum']));
    expect((await expIn(clean, ['run', 'sweeps/mix.yaml', '--no-report', '--workers', '1'])).code).toBe(0);
    const expected = recordBytes(clean, 'mix');
    const got = recordBytes(root, 'mix');
    expect(expected.size).toBe(2);
    for (const [runId, bytes] of expected) expect(got.get(runId)).toBe(bytes);
  });

  it('exp verify re-runs in a fresh hardened thread, so a record made with a patched Math.exp DIFFERS', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'v', sweep('v', [], ['momentum']));
    expect((await expIn(root, ['run', 'sweeps/v.yaml', '--no-report', '--workers', '1'])).code).toBe(0);
    const [runId] = storedRuns(root, 'v');
    expect((await expIn(root, ['verify', 'v'])).stdout).toContain(`✓ ${runId} (finished) identical`);

    const stored = records(root, 'v')[0];
    const catalog = await loadCatalog([], join(root, 'experiments', 'sweeps'));
    const exp = Math.exp;
    // 1e-6, not 1e-9: since record schema 4 the loss and its gradient are float32 all the way (the captured
    // engine), and a change of 1e-9 in exp rounds away in every float32 value of this small run.
    Math.exp = (x) => exp(x) * (1 + 1e-6);
    try {
      const spec = { config: stored.config, replicate: stored.replicate, runId, seed: stored.seed, seeds: stored.seeds };
      const patched = trainRun(spec, { sweep: 'v', baseDir: join(root, 'experiments', 'sweeps'), optimizer: catalog.optimizer, pluginOf: catalog.pluginOf, now: () => 0 });
      expect(encodeRecord(patched.record)).not.toBe(encodeRecord(stored)); // the patch changes the numbers
      writeFileSync(join(runsDir(root, 'v'), runId, 'record.json'), encodeRecord(patched.record));
      // Still patched in this thread while verify runs: a re-run here would reproduce the patched record.
      const { code, stdout } = await expIn(root, ['verify', 'v']);
      expect(code).toBe(1);
      expect(stdout).toContain(`✗ ${runId} (finished) DIFFERS from the stored record`);
    } finally {
      Math.exp = exp;
    }
  });
});
