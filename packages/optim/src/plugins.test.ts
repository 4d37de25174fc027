import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkOptimizer, formatConformance } from './conformance.js';
import type { FloatArray } from './optimizer.js';
import { loadPlugins, PluginError } from './plugins.js';
import { builtins } from './registry.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const repoRoot = path.resolve(fixtures, '../../../..');
const sweepsDir = path.join(repoRoot, 'experiments/sweeps');

/** The PluginError thrown for `specs` (fails the test if loading succeeds). */
async function pluginError(specs: string[], baseDir = fixtures): Promise<PluginError> {
  const error = await loadPlugins(specs, { baseDir }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PluginError);
  return error as PluginError;
}

describe('loadPlugins: working plugins', () => {
  it('loads a TypeScript file without a build step: default and named exports, each optimizer once', async () => {
    const loaded = await loadPlugins(['./good-plugin.ts'], { baseDir: fixtures });
    expect(loaded.optimizers.map((o) => o.name)).toEqual(['fixture_descent', 'fixture_half_descent']);
    const file = path.join(fixtures, 'good-plugin.ts');
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(loaded.sources).toEqual([{ source: './good-plugin.ts', resolved: file, sha256, optimizers: ['fixture_descent', 'fixture_half_descent'] }]);
    expect(loaded.registry.names()).toEqual([...builtins.map((o) => o.name), 'fixture_descent', 'fixture_half_descent']);
    expect(loaded.registry.sourceOf('fixture_descent')).toBe('./good-plugin.ts');
  });

  it('loads plain JavaScript, and paths written without ./', async () => {
    const loaded = await loadPlugins(['__fixtures__/plain-javascript.js'], { baseDir: path.dirname(fixtures) });
    expect(loaded.optimizers.map((o) => o.name)).toEqual(['fixture_sign_descent']);
  });

  it('loads the example file experiments/plugins/signum.ts from the sweeps folder, and it passes conformance', async () => {
    const loaded = await loadPlugins(['../plugins/signum.ts'], { baseDir: sweepsDir });
    expect(loaded.sources[0].resolved).toBe(path.join(repoRoot, 'experiments/plugins/signum.ts'));
    const [signum] = loaded.optimizers;
    expect(signum.name).toBe('signum');
    const report = checkOptimizer(signum);
    expect(report.ok, formatConformance(report)).toBe(true);
    expect(report.checks.find((c) => c.name === 'declared invariances hold')!.detail).toMatch(/^gradient-scale: /);
  });

  it('signum takes the steps its formula gives (hand-derived)', async () => {
    const [signum] = (await loadPlugins(['../plugins/signum.ts'], { baseDir: sweepsDir })).optimizers;
    // α = 0.1, β = 0.9, θ₀ = [1, −2], m₀ = 0.
    // g₁ = [0.5, −1]:  m = 0.1·g₁ = [0.05, −0.1];  θ₁ = θ₀ − 0.1·[1, −1] = [0.9, −1.9]
    // g₂ = [−1, 0.5]:  m = [0.045 − 0.1, −0.09 + 0.05] = [−0.055, −0.04];  θ₂ = θ₁ − 0.1·[−1, −1] = [1.0, −1.8]
    const hp = { lr: 0.1, momentum: 0.9 };
    let params: FloatArray[] = [Float64Array.from([1, -2])];
    let state = signum.init(params, hp);
    for (const [step, g] of [[0.5, -1], [-1, 0.5]].entries()) ({ params, state } = signum.update({ params, grads: [Float64Array.from(g)], state, hp, step }));
    expect(params[0][0]).toBeCloseTo(1.0, 12);
    expect(params[0][1]).toBeCloseTo(-1.8, 12);
  });

  it('loads the @descent/optim-lion package by name (experiments/ depends on it) from its sources, and it passes conformance', async () => {
    const loaded = await loadPlugins(['@descent/optim-lion'], { baseDir: sweepsDir });
    const lionDir = path.join(repoRoot, 'packages/optim-lion');
    const entry = path.join(lionDir, 'src/index.ts');
    expect(loaded.sources[0].resolved).toBe(entry);
    // A package's hash covers its name, version and entry file.
    const manifest = JSON.parse(readFileSync(path.join(lionDir, 'package.json'), 'utf8')) as { name: string; version: string };
    const expected = createHash('sha256').update(`${manifest.name}@${manifest.version}\n`).update(readFileSync(entry)).digest('hex');
    expect(loaded.sources[0].sha256).toBe(expected);
    const [lion] = loaded.optimizers;
    expect(lion.name).toBe('lion');
    const report = checkOptimizer(lion);
    expect(report.ok, formatConformance(report)).toBe(true);
  });

  it('loads several plugins into one registry', async () => {
    const loaded = await loadPlugins(['../plugins/signum.ts', '@descent/optim-lion'], { baseDir: sweepsDir });
    expect(loaded.registry.names().slice(-2)).toEqual(['signum', 'lion']);
    expect(loaded.registry.sourceOf('lion')).toBe('@descent/optim-lion');
  });
});

describe('loadPlugins: clear errors, one per failure mode', () => {
  it('a missing file: names the resolved path and the folder it was resolved against', async () => {
    const error = await pluginError(['./no-such-plugin.ts']);
    expect(error.problems).toEqual([
      { source: './no-such-plugin.ts', resolved: null, message: `file not found: ${path.join(fixtures, 'no-such-plugin.ts')} ('./no-such-plugin.ts' is resolved against ${fixtures}, the sweep file's folder)` },
    ]);
  });

  it('a TypeScript syntax error: with line and column', async () => {
    const error = await pluginError(['./syntax-error.ts']);
    expect(error.problems[0].resolved).toBe(path.join(fixtures, 'syntax-error.ts'));
    expect(error.problems[0].message).toMatch(/^syntax error at line 5, column 9: Unexpected ","$/);
  });

  it('a JavaScript syntax error: with line', async () => {
    const error = await pluginError(['./syntax-error.mjs']);
    expect(error.problems[0].message).toBe("syntax error at line 4: Unexpected token ','");
  });

  it('throws on import: the thrown message', async () => {
    const error = await pluginError(['./throws-on-import.ts']);
    expect(error.problems[0].message).toBe('throws on import: the fixture refuses to load');
  });

  it('an import that cannot be found', async () => {
    const error = await pluginError(['./missing-import.ts']);
    expect(error.problems[0].message).toMatch(/^one of its imports cannot be found: .*descent-fixture-package-that-does-not-exist/);
  });

  describe('a plugin file outside any package that depends on @descent/optim', () => {
    let folder: string | null = null;
    afterEach(() => {
      if (folder !== null) rmSync(folder, { recursive: true, force: true });
      folder = null;
    });

    it('cannot import it: plugins resolve their imports as Node does, with no fallback to the workspace', () => {
      folder = mkdtempSync(path.join(tmpdir(), 'descent-plugin-'));
      writeFileSync(path.join(folder, 'stray.ts'), "import { defineOptimizer } from '@descent/optim';\nexport default defineOptimizer;\n");
      // In a process of its own, as a user's `exp` runs: pnpm's bin shims (vitest's among them) put the
      // workspace's hoisted packages on NODE_PATH, which Node's resolution would honour, as it should.
      const script = `import { loadPlugins } from '@descent/optim';
        await loadPlugins(['./stray.ts'], { baseDir: ${JSON.stringify(folder)} }).catch((e) => console.log(e.problems[0].message));`;
      const env = { ...process.env };
      delete env.NODE_PATH;
      const child = spawnSync(process.execPath, ['--conditions=development', '--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: path.dirname(fixtures),
        env,
        encoding: 'utf8',
      });
      expect(child.stderr).toBe('');
      expect(child.stdout).toMatch(/^one of its imports cannot be found: Cannot find (module|package) '@descent\/optim'/);
    });
  });

  describe('a plugin package on NODE_PATH only', () => {
    let folder: string | null = null;
    afterEach(() => {
      if (folder !== null) rmSync(folder, { recursive: true, force: true });
      folder = null;
    });

    /** `folder/elsewhere/descent-node-path-plugin` (a valid plugin package) and `folder/project`, a project that does not install it. */
    function packageOutsideTheProject(): { elsewhere: string; project: string } {
      folder = mkdtempSync(path.join(tmpdir(), 'descent-node-path-'));
      const elsewhere = path.join(folder, 'elsewhere');
      const pkg = path.join(elsewhere, 'descent-node-path-plugin');
      mkdirSync(pkg, { recursive: true });
      writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'descent-node-path-plugin', version: '1.0.0', type: 'module', main: 'index.js' }));
      copyFileSync(path.join(fixtures, 'plain-javascript.js'), path.join(pkg, 'index.js'));
      const project = path.join(folder, 'project');
      mkdirSync(project);
      writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'project', private: true }));
      return { elsewhere, project };
    }

    it('is not found: a sweep sees only what its project installs, and the error names where it looked and how to install it', () => {
      const { elsewhere, project } = packageOutsideTheProject();
      // In a process of its own: Node reads NODE_PATH once, at start (pnpm's shims set it to the repository's node_modules).
      const script = `import { loadPlugins } from '@descent/optim';
        await loadPlugins(['descent-node-path-plugin'], { baseDir: ${JSON.stringify(project)} }).then(
          (loaded) => console.log('loaded ' + loaded.optimizers.map((o) => o.name).join()),
          (e) => console.log(e.problems[0].message),
        );`;
      const child = spawnSync(process.execPath, ['--conditions=development', '--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: path.dirname(fixtures),
        env: { ...process.env, NODE_PATH: elsewhere },
        encoding: 'utf8',
      });
      expect(child.stderr).toBe('');
      const message = child.stdout.trim();
      expect(message).not.toContain('loaded');
      expect(message).toContain(`package 'descent-node-path-plugin' not found in the node_modules folders from ${project} upwards (${path.join(project, 'node_modules')}, ${path.join(folder!, 'node_modules')}`);
      expect(message).toContain('NODE_PATH is not searched');
      expect(message).toContain(`install it in ${project}: pnpm add descent-node-path-plugin (or npm install descent-node-path-plugin)`);
      expect(message).not.toContain(elsewhere + path.sep);
    });

    it('is found once the project installs it (the same package: the test above fails for where it is, not what it is)', async () => {
      const { elsewhere, project } = packageOutsideTheProject();
      mkdirSync(path.join(project, 'node_modules'));
      symlinkSync(path.join(elsewhere, 'descent-node-path-plugin'), path.join(project, 'node_modules', 'descent-node-path-plugin'), 'dir');
      const loaded = await loadPlugins(['descent-node-path-plugin'], { baseDir: project });
      expect(loaded.optimizers.map((o) => o.name)).toEqual(['fixture_sign_descent']);
    });
  });

  it('exports nothing usable: lists what it does export', async () => {
    const error = await pluginError(['./exports-nothing-usable.ts']);
    expect(error.problems[0].message).toMatch(/^exports nothing usable: it exports 'VERSION' \(a string\), default \(a function\)\./);
  });

  it('declares a hyperparameter badly: the declaration problems', async () => {
    const error = await pluginError(['./bad-hyperparameter.ts']);
    expect(error.problems.map((p) => p.message)).toEqual([
      "default export (optimizer 'bad_hyperparameter'): hyperparameter 'lr'.default is -1: out of range: expected a finite number in [0, ∞)",
      `default export (optimizer 'bad_hyperparameter'): hyperparameter 'beta'.type is "float"; expected 'number', 'integer', 'boolean', 'choice' or 'string'`,
    ]);
  });

  it('declares no lr', async () => {
    const error = await pluginError(['./missing-lr.ts']);
    expect(error.problems.map((p) => p.message)).toEqual([
      "default export (optimizer 'missing_lr'): hyperparameters has no 'lr'; every optimizer declares a learning rate (the schedule scales it)",
    ]);
  });

  it('misses description, rule and update', async () => {
    const error = await pluginError(['./missing-fields.ts']);
    const messages = error.problems.map((p) => p.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/description is missing; expected a non-empty one-line string/);
    expect(messages[1]).toMatch(/rule is missing/);
    expect(messages[2]).toMatch(/update is missing; expected a function/);
  });

  it('a default export array with something that is not an optimizer', async () => {
    const error = await pluginError(['./array-with-junk.mjs']);
    expect(error.problems.map((p) => p.message)).toEqual(['default export [1] is a number, not an optimizer object']);
  });

  it('clashes with a built-in name', async () => {
    const error = await pluginError(['./clashes-with-builtin.ts']);
    expect(error.problems.map((p) => p.message)).toEqual(["default export: optimizer name 'adam' clashes with the built-in optimizer 'adam'; give it another name"]);
  });

  it('clashes with another plugin', async () => {
    const error = await pluginError(['./good-plugin.ts', './clashes-with-good-plugin.ts']);
    expect(error.problems.map((p) => [p.source, p.message])).toEqual([
      ['./clashes-with-good-plugin.ts', "default export: optimizer name 'fixture_descent' clashes with optimizer 'fixture_descent' from plugin ./good-plugin.ts; give it another name"],
    ]);
  });

  it('the same file listed twice', async () => {
    const error = await pluginError(['./good-plugin.ts', 'good-plugin.ts']);
    expect(error.problems.map((p) => p.message)).toEqual(["is the same file as plugin './good-plugin.ts', listed earlier"]);
  });

  it('an unknown package: where it looked, and the closest package it could see there', async () => {
    const error = await pluginError(['@descent/optim-lino'], sweepsDir);
    const folders = [path.join(sweepsDir, 'node_modules'), path.join(repoRoot, 'experiments', 'node_modules'), path.join(repoRoot, 'node_modules')].join(', ');
    expect(error.problems[0].message).toMatch(`package '@descent/optim-lino' not found in the node_modules folders from ${sweepsDir} upwards (${folders}, `);
    expect(error.problems[0].message).toMatch(/; NODE_PATH is not searched\); did you mean '@descent\/optim-lion'\? Or install it in /);
    expect(error.problems[0].message.endsWith(`install it in ${path.join(repoRoot, 'experiments')}: pnpm add @descent/optim-lino (or npm install @descent/optim-lino)`)).toBe(true);
  });

  it('collects every failing plugin into one error whose message names each file', async () => {
    const error = await pluginError(['./syntax-error.ts', './good-plugin.ts', './missing-lr.ts', './no-such-plugin.ts']);
    expect(error.problems.map((p) => p.source)).toEqual(['./syntax-error.ts', './missing-lr.ts', './no-such-plugin.ts']);
    expect(error.message.split('\n')[0]).toBe('could not load 3 plugins:');
    expect(error.message).toContain(`./missing-lr.ts (${path.join(fixtures, 'missing-lr.ts')}): default export (optimizer 'missing_lr')`);
  });
});
