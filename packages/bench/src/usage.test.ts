import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const bench = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });

describe('pnpm bench --help', () => {
  it('prints every option and subcommand, runs nothing and exits 0', () => {
    const { status, stdout, stderr } = bench('--help');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    for (const option of ['--quick', 'pnpm bench search', '--seeds', '--budgets', '--methods', 'sweeps', 'torch-sweep', 'pairing', 'adaptive']) expect(stdout).toContain(option);
    // Nothing ran: a workload bench would start by looking for PyTorch.
    expect(stdout).not.toContain('PyTorch:');
    expect(bench('-h').stdout).toBe(stdout);
  });

  it('refuses an unknown option with the usage and exit code 2, before measuring anything', () => {
    const { status, stderr, stdout } = bench('--fast');
    expect(status).toBe(2);
    expect(stderr).toContain("unknown argument '--fast'");
    expect(stderr).toContain('usage: pnpm bench [--quick]');
    expect(stdout).toBe('');
  });
});
