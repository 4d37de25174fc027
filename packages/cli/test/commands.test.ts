import { writeFileSync } from 'node:fs';
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
  });

  it('exp optimizers check passes the example plugin', async () => {
    const { code, stdout } = await expIn(root, ['optimizers', 'check', 'experiments/plugins/signum.ts', '--allow-plugin', 'experiments/plugins/signum.ts'], { cwd: repoRoot });
    expect(code).toBe(0);
    expect(stdout).toContain('signum');
  });

  it('exp optimizers check fails a plugin that breaks the contract, exit 1', async () => {
    const { code, stdout } = await expIn(root, ['optimizers', 'check', brokenPlugin, '--allow-plugin', brokenPlugin]);
    expect(code).toBe(1);
    expect(stdout).toContain('wrong_shape');
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
});
