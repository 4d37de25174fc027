import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { node24 } from '../scripts/node24.mjs';

/**
 * Descent outside its own repository, as a user meets it: every package packed as for npm, checked by publint
 * and @arethetypeswrong/cli, installed into a new project far from the workspace (with npm, and with pnpm),
 * then `npx exp run` on a sweep with a `.ts` plugin beside it and a plugin package by name, on the machine's
 * Node and on Node 24; and `npm create descent` (the create-descent tarball) gives a project whose `npm test`
 * passes. The packages are not on the registry: the projects install them from the tarballs (overrides point
 * every @descent/* dependency at its tarball), and everything else from the registry as a user would.
 */

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'descent-outside-'));
const tarballs = join(work, 'tarballs');
afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000); // three projects' node_modules

/** Every package a user installs: all of packages/ but the bench (private: it measures Descent, it is not Descent). */
const publishable = readdirSync(join(repo, 'packages')).filter((dir) => {
  const manifest = join(repo, 'packages', dir, 'package.json');
  return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).private !== true;
});
const tarballOf = new Map<string, string>(); // package name → absolute .tgz path

/**
 * The environment of a user's shell: none of the variables pnpm and vitest set for this test run (NODE_PATH from
 * pnpm's shims would let imports resolve through the workspace; npm_config_* would steer npm), PATH with `nodeDir` first.
 */
function userEnv(nodeDir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|NODE_|PNPM_|INIT_CWD$|DESCENT_|VITEST|TURBO_)/i.test(key)) continue;
    env[key] = value;
  }
  const path = (env.PATH ?? '').split(delimiter).filter((dir) => !dir.includes('node_modules'));
  env.PATH = [...(nodeDir ? [nodeDir] : []), ...path].join(delimiter);
  return { ...env, CI: 'true', TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: SpawnSyncOptions & { expectCode?: number } = {}): Result {
  const result = spawnSync(command, args, { encoding: 'utf8', env: userEnv(), timeout: 300_000, ...options });
  const out = { code: result.status, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
  const expected = options.expectCode ?? 0;
  if (out.code !== expected) throw new Error(`${command} ${args.join(' ')} exited ${out.code} (expected ${expected}) in ${options.cwd}:\n${out.stdout}\n${out.stderr}${result.error ? `\n${result.error.message}` : ''}`);
  return out;
}

/** A new project folder outside the workspace, depending on `direct` packages, with every @descent/* package pinned to its tarball. */
function project(name: string, direct: string[], { typeModule = true } = {}): string {
  const dir = join(work, name);
  mkdirSync(dir);
  const file = (pkg: string) => `file:${tarballOf.get(pkg)}`;
  const overrides = Object.fromEntries([...tarballOf.keys()].filter((pkg) => pkg.startsWith('@descent/')).map((pkg) => [pkg, file(pkg)]));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name, private: true, ...(typeModule ? { type: 'module' } : {}), devDependencies: Object.fromEntries(direct.map((pkg) => [pkg, file(pkg)])), overrides }, null, 2),
  );
  return dir;
}

const pluginFile = `import { defineOptimizer } from '@descent/optim';

/** Gradient descent with half-size steps: a plugin written in a project that installed Descent from npm. */
export default defineOptimizer({
  name: 'half_steps',
  description: 'gradient descent with steps of half the learning rate',
  rule: 'θ ← θ − ½·α·g',
  hyperparameters: { lr: { type: 'number', default: 0.1, min: 1e-6, max: 10, log: true, description: 'learning rate α' } },
  init: () => ({}),
  update({ params, grads, state, hp }) {
    params.forEach((theta, p) => theta.forEach((x, i) => (theta[i] = x - 0.5 * hp.lr * grads[p][i])));
    return { params: [...params], state };
  },
});
`;

const sweepFile = `name: outside
seed: 3
replicates: 2
plugins:
  - ./plugins/half.ts
  - "@descent/optim-lion"
problem:
  dataset: { name: moons, size: 120, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [6], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: sgd, lr: 0.1 }
train: { batch_size: 8, epochs: 3 }
metric: { name: test_loss, goal: minimize }
parameters:
  optimizer:
    values:
      - { name: sgd, lr: 0.1 }
      - { name: half_steps, lr: 0.2 }
      - { name: lion, lr: 0.001 }
`;

/** The sweep and its plugin file beside it, at the project's top level (no experiments/ folder yet). */
function writeSweep(dir: string): void {
  mkdirSync(join(dir, 'plugins'));
  writeFileSync(join(dir, 'plugins', 'half.ts'), pluginFile);
  writeFileSync(join(dir, 'sweep.yaml'), sweepFile);
}

/** Every stored run of the sweep: record bytes and the Node version its meta says it ran on. */
function storedRuns(dir: string): { id: string; record: string; node: string; status: string }[] {
  const sweepDir = join(dir, 'experiments', 'runs', 'outside');
  return readdirSync(sweepDir)
    .filter((id) => existsSync(join(sweepDir, id, 'record.json')))
    .sort()
    .map((id) => {
      const record = readFileSync(join(sweepDir, id, 'record.json'), 'utf8');
      return { id, record, node: JSON.parse(readFileSync(join(sweepDir, id, 'meta.json'), 'utf8')).node, status: JSON.parse(record).status };
    });
}

let node24Dir: string;

beforeAll(() => {
  // The .d.ts files are a separate build task (slow, not needed to run Descent): packing needs them.
  run(join(repo, 'node_modules', '.bin', 'turbo'), ['run', 'build', 'build:types', '--output-logs=errors-only'], { cwd: repo, env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
  mkdirSync(tarballs);
  for (const dir of publishable) {
    const { name, version } = JSON.parse(readFileSync(join(repo, 'packages', dir, 'package.json'), 'utf8'));
    // pnpm pack: it turns workspace:* into versions and applies publishConfig (exports without the sources).
    run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(repo, 'packages', dir), env: { ...process.env } });
    const file = join(tarballs, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`);
    expect(existsSync(file), file).toBe(true);
    tarballOf.set(name, file);
  }
  node24Dir = dirname(node24());
}, 900_000);

describe('the packages as published', () => {
  it('every package but the bench is publishable, and publint and attw find nothing wrong', () => {
    expect(publishable.sort()).toEqual(expect.arrayContaining(['cli', 'create-descent', 'optim', 'optim-lion', 'runner', 'tensor']));
    for (const [name, file] of tarballOf) {
      const manifest = JSON.parse(run('tar', ['xzOf', file, 'package/package.json']).stdout);
      // The .d.ts come from build:types alone (a cached build restores no .d.ts): every package must have it.
      expect(Object.keys(manifest.scripts ?? {}), name).toEqual(expect.arrayContaining(['build', 'build:types']));
      expect(manifest.license, name).toBe('MIT');
      expect(manifest.engines, name).toEqual({ node: '>=20' });
      expect(manifest.repository.directory, name).toMatch(/^packages\//);
      expect(JSON.stringify(manifest.exports), name).not.toContain('development'); // the sources are not in the tarball
      expect(JSON.stringify(manifest.dependencies ?? {}), name).not.toContain('workspace:');
      const lint = run(join(repo, 'node_modules', '.bin', 'publint'), ['run', file, '--strict'], { cwd: work });
      expect(lint.stdout, name).toContain('All good!');
      // ESM only, by design: the profile that does not ask for CommonJS resolution.
      run(join(repo, 'node_modules', '.bin', 'attw'), [file, '--profile', 'esm-only', '--format', 'ascii', '--no-emoji', '--no-color'], { cwd: work });
    }
  }, 300_000);
});

describe.each([
  ['npm', (dir: string) => run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir })],
  [
    'pnpm',
    (dir: string) => {
      // A project's pnpm settings: the overrides, and the build scripts it may run (pnpm refuses unknown ones).
      const { overrides } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const yaml = ['overrides:', ...Object.entries(overrides).map(([k, v]) => `  "${k}": "${v}"`), 'allowBuilds:', '  esbuild: true', '  msgpackr-extract: false', ''];
      writeFileSync(join(dir, 'pnpm-workspace.yaml'), yaml.join('\n'));
      run('pnpm', ['install', '--config.confirmModulesPurge=false'], { cwd: dir });
    },
  ],
] as const)('a project outside the workspace that installs Descent with %s', (manager, install) => {
  let dir: string;
  beforeAll(() => {
    // The npm project has no "type": "module": Node takes its .ts plugin for CommonJS, which tsx's namespaced
    // import could not load on Node 24.
    dir = project(`with-${manager}`, ['@descent/cli', '@descent/optim', '@descent/optim-lion'], { typeModule: manager === 'pnpm' });
    install(dir);
    writeSweep(dir);
  }, 600_000);

  const exp = (args: string[], nodeDir?: string, expectCode = 0) =>
    manager === 'npm' ? run('npx', ['--no-install', 'exp', ...args], { cwd: dir, env: userEnv(nodeDir), expectCode }) : run('pnpm', ['exec', 'exp', ...args], { cwd: dir, env: userEnv(nodeDir), expectCode });

  it("runs a sweep with a .ts plugin beside it and a plugin package by name, writing the store and the report in the project; Node 24 gives the same records", () => {
    const first = exp(['run', 'sweep.yaml', '--workers', '2']);
    expect(first.stdout).toContain('outside: 6 finished, 0 diverged, 0 failed this time');
    expect(first.stdout).toContain('report: reports/outside/index.html');
    const onNode20 = storedRuns(dir);
    expect(onNode20.map((r) => r.status)).toEqual(Array(6).fill('finished'));
    // The machine's Node: the first `node` on the PATH (this test may itself run on another Node).
    expect(new Set(onNode20.map((r) => r.node))).toEqual(new Set([run('node', ['--version']).stdout.trim()]));
    const report = readFileSync(join(dir, 'reports', 'outside', 'index.html'), 'utf8');
    for (const optimizer of ['half_steps', 'lion', 'sgd']) expect(report).toContain(optimizer);
    // Installed from npm, `exp` is typed `npx exp` (`pnpm exp` would need a script of the project's own).
    expect(JSON.parse(readFileSync(join(dir, 'experiments', 'runs', 'outside', 'sweep.json'), 'utf8')).command).toBe('npx exp run sweep.yaml');
    expect(report).toContain('<code>npx exp run sweep.yaml</code>');

    const again = exp(['run', 'sweep.yaml', '--workers', '2', '--force'], node24Dir);
    expect(again.stdout).toContain('outside: 6 finished, 0 diverged, 0 failed this time');
    const onNode24 = storedRuns(dir);
    expect(new Set(onNode24.map((r) => r.node))).toEqual(new Set([run(join(node24Dir, 'node'), ['--version']).stdout.trim()]));
    // The same sweep on another Node: the same bits.
    expect(onNode24.map((r) => [r.id, r.record])).toEqual(onNode20.map((r) => [r.id, r.record]));
  }, 300_000);

  it('checks the plugin with the conformance kit, lists it, and exports the runs, on Node 20 and 24', () => {
    for (const nodeDir of [undefined, node24Dir]) {
      const check = exp(['optimizers', 'check', 'plugins/half.ts'], nodeDir);
      expect(check.stdout).toContain('half_steps');
      const rows = exp(['export', 'outside'], nodeDir).stdout.trimEnd().split('\n');
      expect(rows).toHaveLength(1 + 6);
    }
  }, 300_000);
});

describe('npm create descent', () => {
  it('scaffolds a project whose own npm test passes, and whose sweep runs', () => {
    const create = tarballOf.get('create-descent')!;
    run('npm', ['exec', '--yes', `--package=${create}`, '--', 'create-descent', 'my-experiments'], { cwd: work });
    const dir = join(work, 'my-experiments');
    // The template depends on the published @descent/cli and @descent/optim: here, their tarballs.
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.devDependencies).sort()).toEqual(['@descent/cli', '@descent/optim']);
    const pinned = project('pinned', Object.keys(manifest.devDependencies));
    const { devDependencies, overrides } = JSON.parse(readFileSync(join(pinned, 'package.json'), 'utf8'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, devDependencies, overrides }, null, 2));
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
    const test = run('npm', ['test'], { cwd: dir });
    expect(test.stdout).toContain('clipped_momentum');
    const sweep = run('npx', ['--no-install', 'exp', 'run', 'sweeps/first.yaml'], { cwd: dir });
    expect(sweep.stdout).toContain('first: 15 finished, 0 diverged, 0 failed this time');
    expect(existsSync(join(dir, 'reports', 'first', 'index.html'))).toBe(true);
  }, 600_000);
});
