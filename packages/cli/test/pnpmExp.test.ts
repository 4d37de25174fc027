import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expIn, makeWorkspace, recordBytes, repoRoot, writeSweep, type ExpResult } from './_exp.js';

/**
 * `pnpm exp` (scripts/run-built.mjs): turbo builds what changed, then the CLI runs from its build. The one way the
 * command runs, for users and for these tests alike.
 */

const TINY_SWEEP = `
name: tiny
seed: 3
problem:
  dataset: { name: moons, size: 120, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [4], activation: tanh }
  loss: bce
optimizer: { name: momentum, lr: 0.1, momentum: 0.9 }
train: { batch_size: 16, epochs: 2 }
parameters:
  optimizer.lr: { values: [0.03, 0.3] }
`;

const temporaries: string[] = [];
afterAll(() => {
  for (const dir of temporaries) rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const root = makeWorkspace();
  temporaries.push(root);
  return root;
}

/** `pnpm exp ...args` typed in `root` (the store's workspace), pnpm started in the checkout `checkout`. */
function pnpmExp(root: string, args: string[], checkout = repoRoot): Promise<ExpResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('pnpm', ['exp', ...args], {
      cwd: checkout,
      env: { ...process.env, DESCENT_ROOT: root, INIT_CWD: root, TURBO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * A copy of this checkout (its tracked and new files, no builds) that shares the installed packages: the
 * copy's node_modules is a link to this one's, and each package's own node_modules holds relative links,
 * copied as links. Edits to it cannot disturb the builds other tests run against.
 */
function copyOfCheckout(): string {
  const copy = mkdtempSync(join(tmpdir(), 'descent-checkout-'));
  temporaries.push(copy);
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8' });
  for (const file of files.split('\0')) {
    if (file === '' || !existsSync(join(repoRoot, file))) continue; // deleted but not yet committed
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(copy, file));
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'));
  const packageFolders = [...readdirSync(join(repoRoot, 'packages')).map((name) => join('packages', name)), 'experiments'];
  for (const folder of packageFolders) {
    const modules = join(repoRoot, folder, 'node_modules');
    if (existsSync(modules)) cpSync(modules, join(copy, folder, 'node_modules'), { recursive: true, verbatimSymlinks: true, filter: (source) => !source.includes('.cache') });
  }
  return copy;
}

describe('pnpm exp', () => {
  it('prints what the command prints in-process, and exits with its code', async () => {
    const root = workspace();
    const help = await pnpmExp(root, ['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toBe((await expIn(root, ['--help'])).stdout);
    const typo = await pnpmExp(root, ['lst']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain((await expIn(root, ['lst'])).stderr);
  }, 60_000);

  it('stores the same record bytes as the command run in-process', async () => {
    const viaPnpm = workspace();
    const inProcess = workspace();
    writeSweep(viaPnpm, 'tiny', TINY_SWEEP);
    writeSweep(inProcess, 'tiny', TINY_SWEEP);
    const built = await pnpmExp(viaPnpm, ['run', 'sweeps/tiny.yaml', '--no-report']);
    expect(built.code, built.stderr).toBe(0);
    expect((await expIn(inProcess, ['run', 'sweeps/tiny.yaml', '--no-report'])).code).toBe(0);
    const records = recordBytes(viaPnpm, 'tiny');
    expect(records.size).toBe(2);
    expect(recordBytes(inProcess, 'tiny')).toEqual(records);
  }, 120_000);
});

describe('pnpm exp in a copy of the checkout, edited', () => {
  let checkout: string;
  let root: string;
  beforeAll(() => {
    checkout = copyOfCheckout();
    root = workspace();
    writeSweep(root, 'tiny', TINY_SWEEP);
  });

  it('runs an edited source file on the next command, with no step in between', async () => {
    const marker = 'descent-test: the edited tensor package';
    const first = await pnpmExp(root, ['run', 'sweeps/tiny.yaml', '--no-report'], checkout); // builds every package: no dist/ yet
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout + first.stderr).not.toContain(marker);
    // An edit to a package deep below the CLI: the run loads it in the main thread and in each worker thread.
    appendFileSync(join(checkout, 'packages', 'tensor', 'src', 'index.ts'), `\nprocess.stderr.write('${marker}\\n');\n`);
    const edited = await pnpmExp(root, ['run', 'sweeps/tiny.yaml', '--no-report', '--force'], checkout);
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stderr).toContain(marker);
  }, 180_000);

  it('shows where a source file fails to build, and runs nothing', async () => {
    const file = join(checkout, 'packages', 'nn', 'src', 'index.ts');
    appendFileSync(file, '\nexport const broken = ;\n');
    const lines = readFileSync(file, 'utf8').split('\n').length - 1;
    const result = await pnpmExp(root, ['list'], checkout);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`src/index.ts:${lines}:22: ERROR: Unexpected ";"`);
    expect(result.stderr).toContain('the build failed (above), so packages/cli/dist/bin.js did not run');
  }, 120_000);
});
