import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenPlugin, expIn, makeWorkspace, repoRoot, runExp } from './_exp.js';

/** Commands the issue asks for; `exp --help` may list more, and every command it lists is checked. */
const COMMANDS = ['run', 'report', 'compare', 'list', 'show', 'verify', 'schema', 'optimizers'];
const BUILTINS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'];

describe('exp', () => {
  const root = makeWorkspace();

  it('prints its help with every command, and each command its own help, exit 0', async () => {
    const { code, stdout } = await expIn(root, ['--help']);
    expect(code).toBe(0);
    const listed = [...stdout.matchAll(/^  ([a-z]+) {2,}\S/gm)].map((m) => m[1]);
    expect(listed).toEqual(expect.arrayContaining(COMMANDS));
    for (const command of listed) {
      const help = await expIn(root, [command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout).toContain(`exp ${command}: `);
      expect(help.stdout).toContain('usage: pnpm exp ' + command);
      expect(help.stdout).toContain('--help');
    }
  });

  it('answers an unknown command with the closest one, exit 2', async () => {
    const { code, stderr } = await expIn(root, ['lst']);
    expect(code).toBe(2);
    expect(stderr).toContain("exp: unknown command 'lst': did you mean 'list'?");
  });

  it('answers an unknown option with the closest one, exit 2', async () => {
    const { code, stderr } = await expIn(root, ['run', 'x.yaml', '--wokers', '2']);
    expect(code).toBe(2);
    expect(stderr).toContain("run: unknown option '--wokers': did you mean '--workers'?");
  });

  it('asks run for a sweep file when given none, exit 2', async () => {
    const { code, stderr } = await expIn(root, ['run', '--workers', '2']);
    expect(code).toBe(2);
    expect(stderr).toContain('run: expected a sweep file (got none)');
    expect(stderr).toContain('usage: pnpm exp run <sweep.yaml> [more sweep files] [options]');
  });

  it('exp schema prints a JSON Schema of the sweep format', async () => {
    const { code, stdout } = await expIn(root, ['schema']);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['name', 'seed', 'replicates', 'method', 'plugins', 'metric', 'problem', 'optimizer', 'schedule', 'train', 'parameters']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['problem', 'train']));
  });

  it('exp optimizers lists the seven built-ins with their rules and hyperparameters', async () => {
    const { code, stdout } = await expIn(root, ['optimizers']);
    expect(code).toBe(0);
    for (const name of BUILTINS) expect(stdout).toMatch(new RegExp(`^${name}\\n  .+\\n  rule: .+`, 'm'));
    expect(stdout).toContain('θ ← θ − α·v'); // momentum's rule
    expect(stdout.match(/^ {4}lr +/gm)).toHaveLength(7);
    // Where the benchmark tunes each hyperparameter: a declared range, or fixed at its default.
    expect(stdout).toMatch(/^ {4}hyperparameter +default +accepts +scale +search +meaning$/m);
    expect(stdout).toMatch(/^ {4}beta1 +0\.9 +a finite number in \[0, 1\) +0\.5\.\.0\.99 +decay β₁/m);
    expect(stdout).toMatch(/^ {4}eps +1e-8 +a finite number in \(0, ∞\) +log +fixed +ε added to √v̂/m);
  });

  it('exp optimizers check passes the example plugin', async () => {
    const { code, stdout } = await expIn(root, ['optimizers', 'check', 'experiments/plugins/signum.ts', '--allow-plugin', 'experiments/plugins/signum.ts'], { cwd: repoRoot });
    expect(code).toBe(0);
    expect(stdout).toContain("optimizer 'signum': 14 of 14 checks passed");
    expect(stdout).toMatch(/✓ declared invariances hold: gradient-scale: /);
    expect(stdout).toMatch(/✓ every tunable hyperparameter has a search range: lr log 0\.00001\.\.0\.1, momentum 0\.\.0\.99$/m);
  });

  it('exp optimizers check fails a plugin that breaks the contract, exit 1', async () => {
    const { code, stdout } = await expIn(root, ['optimizers', 'check', brokenPlugin, '--allow-plugin', brokenPlugin]);
    expect(code).toBe(1);
    expect(stdout).toContain('wrong_shape');
  });

  it('exp optimizers check fails a plugin whose lr cannot be tuned, saying what to add, exit 1', async () => {
    const plugin = join(repoRoot, 'packages/optim/src/__fixtures__/open-lr-range.ts');
    const { code, stdout } = await expIn(root, ['optimizers', 'check', plugin, '--allow-plugin', plugin]);
    expect(code).toBe(1);
    expect(stdout).toContain("optimizer 'open_lr_range': 13 of 14 checks passed (FAILED)");
    expect(stdout).toContain("✗ every tunable hyperparameter has a search range: the benchmark cannot tune 'lr': 'lr' accepts a finite number in (0, ∞), an open range; add search: { min: 0.00001, max: 0.1, log: true }");
  });

  it('exp optimizers check names a plugin file that does not load, exit 1', async () => {
    const file = join(root, 'syntax-error.mjs');
    writeFileSync(file, 'export default {{;\n');
    const { code, stderr } = await expIn(root, ['optimizers', 'check', file]);
    expect(code).toBe(1);
    expect(stderr).toContain(file);
  });

  it('runs as a real command: bin.ts sets the exit code', async () => {
    const result = await runExp(root, ['lst']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("did you mean 'list'?");
  }, 20_000);
  it("exp optimizers lists the workspace's plugins: the files in experiments/plugins/ and those its sweeps declare", async () => {
    // The repository's own workspace: signum.ts in experiments/plugins/, and @descent/optim-lion, a package the optimizers sweep declares.
    const { code, stdout, stderr } = await expIn(repoRoot, ['optimizers']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^plugin: \S*experiments\/plugins\/signum\.ts \(sha256 [0-9a-f]{8}…\), from experiments\/plugins\/$/m);
    expect(stdout).toMatch(/^plugin: \S*optim-lion\S* \(sha256 [0-9a-f]{8}…\), from experiments\/sweeps\/optimizers\.yaml$/m);
    expect(stdout).toMatch(/^signum {2}\(from \S*signum\.ts\)$/m);
    expect(stdout).toMatch(/^lion {2}\(from @descent\/optim-lion\)$/m);
    for (const name of BUILTINS) expect(stdout).toMatch(new RegExp(`^${name}\\n`, 'm'));
  });

  it('exp optimizers --plugin takes every plugin given, each path found from the folder typed in or experiments/', async () => {
    const ws = makeWorkspace();
    mkdirSync(join(ws, 'experiments', 'plugins'));
    const plugin = (name: string) => `export default { name: '${name}', description: 'd', rule: 'θ ← θ', hyperparameters: { lr: { type: 'number', default: 0.1, min: 0, description: 'lr' } }, init: () => ({}), update: ({ params, state }) => ({ params, state }) };\n`;
    writeFileSync(join(ws, 'experiments', 'plugins', 'one.mjs'), plugin('first_one'));
    writeFileSync(join(ws, 'experiments', 'plugins', 'two.mjs'), plugin('second_one'));
    // plugins/one.mjs is not in the folder typed in: it is found in experiments/, as sweep paths are.
    const { code, stdout, stderr } = await expIn(ws, ['optimizers', '--plugin', 'plugins/one.mjs', '--plugin', 'plugins/two.mjs']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^first_one {2}\(from /m);
    expect(stdout).toMatch(/^second_one {2}\(from /m);
    const missing = await expIn(ws, ['optimizers', '--plugin', 'plugins/one.mjs', '--plugin', 'plugins/none.mjs']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('none.mjs');
    expect(missing.stdout).toMatch(/^first_one {2}\(from /m); // the others are still listed
  });
});
