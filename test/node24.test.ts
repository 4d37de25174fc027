import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { node24 } from '../scripts/node24.mjs';

/**
 * The tensor package's whole suite (autodiff against finite differences, the JavaScript and WebAssembly kernels,
 * seeded randomness) on Node 24 LTS, while the rest of `pnpm test` runs on the machine's Node: the numerics are
 * where another V8 could differ. test/outsideProject.test.ts runs the installed packages on Node 24 too.
 */

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const temp = mkdtempSync(join(tmpdir(), 'descent-node24-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('Node 24', () => {
  it("passes the tensor package's whole suite", () => {
    const binary = node24();
    const report = join(temp, 'result.json');
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|NODE_OPTIONS$)/.test(key)));
    const run = spawnSync(binary, [join(repo, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'tensor', '--reporter=json', `--outputFile.json=${report}`], {
      cwd: repo,
      env,
      encoding: 'utf8',
      timeout: 600_000,
    });
    const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(version).toMatch(/^v24\./);
    const result = JSON.parse(readFileSync(report, 'utf8'));
    const failed = result.testResults.flatMap((file: { assertionResults: { status: string; fullName: string }[] }) => file.assertionResults.filter((t) => t.status !== 'passed').map((t) => t.fullName));
    expect(failed, run.stderr).toEqual([]);
    expect(result.numPassedTests).toBeGreaterThan(50);
    expect(run.status).toBe(0);
  }, 600_000);
});
