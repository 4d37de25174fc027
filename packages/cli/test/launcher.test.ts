import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cachedBundle } from '@descent/runner/cached-bundle';
import { beforeAll, describe, expect, it } from 'vitest';
import { expIn, makeWorkspace, recordBytes, runExp, writeSweep } from './_exp.js';

/**
 * exp.mjs, what `pnpm exp` runs: the CLI from a cached bundle of its sources (or, with DESCENT_EXP_SOURCES=1,
 * the sources through tsx). Both must be the same command.
 */

const cacheDir = fileURLToPath(new URL('../node_modules/.cache/descent/', import.meta.url));

/** The launcher's newest bundle of src/bin.ts (its name carries a hash of the entry, format and Node version). */
function cliBundle(): string {
  const bundles = readdirSync(cacheDir)
    .filter((name) => /^bin-[0-9a-f]{12}\.mjs$/.test(name))
    .map((name) => join(cacheDir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  expect(bundles.length, `a bundle of bin.ts in ${cacheDir}`).toBeGreaterThan(0);
  return bundles[0];
}

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

describe('exp.mjs (pnpm exp)', () => {
  let root: string;
  beforeAll(() => {
    root = makeWorkspace();
  });

  it('prints what the command prints in-process, from the bundle and from the sources', async () => {
    const inProcess = await expIn(root, ['--help']);
    const fromBundle = await runExp(root, ['--help']);
    const fromSources = await runExp(root, ['--help'], { DESCENT_EXP_SOURCES: '1' });
    expect(fromBundle.code).toBe(0);
    expect(fromBundle.stdout).toBe(inProcess.stdout);
    expect(fromSources.code).toBe(0);
    expect(fromSources.stdout).toBe(inProcess.stdout);
  }, 60_000);

  it('runs from a bundle, which it reuses while the sources are unchanged', async () => {
    expect((await runExp(root, ['--help'])).code).toBe(0);
    const bundle = cliBundle();
    // The CLI can be bundled (else the launcher would fall back to tsx, slower, without a word), and this is it.
    expect(await cachedBundle(new URL('../src/bin.ts', import.meta.url))).toBe(pathToFileURL(bundle).href);
    const builtAt = statSync(bundle).mtimeMs;
    expect((await runExp(root, ['list'])).code).toBe(0);
    expect(statSync(bundle).mtimeMs).toBe(builtAt);
  }, 60_000);

  it('stores the same record bytes whether the command runs from the bundle or from the sources', async () => {
    const viaBundle = makeWorkspace();
    const viaSources = makeWorkspace();
    writeSweep(viaBundle, 'tiny', TINY_SWEEP);
    writeSweep(viaSources, 'tiny', TINY_SWEEP);
    const bundled = await runExp(viaBundle, ['run', 'sweeps/tiny.yaml', '--no-report']);
    const sources = await runExp(viaSources, ['run', 'sweeps/tiny.yaml', '--no-report'], { DESCENT_EXP_SOURCES: '1' });
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(sources.code, sources.stderr).toBe(0);
    const records = recordBytes(viaBundle, 'tiny');
    expect(records.size).toBe(2);
    expect(recordBytes(viaSources, 'tiny')).toEqual(records);
  }, 120_000);
});
