import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog, type LoadedCatalog } from './catalog.js';
import { expandSweep, formatIssue, parseSweepText, pluginSpecs, validateSweep, type RunSpec, type Sweep } from '@descent/sweep';
import type { TrainContext } from './train.js';

/** Test helpers: sweeps written as YAML text, validated and expanded through the real registries. */

export const fixturePlugins = fileURLToPath(new URL('./__fixtures__/plugins/', import.meta.url));
export const brokenPlugin = join(fixturePlugins, 'broken.mjs');
export const pausePlugin = join(fixturePlugins, 'pauses.ts');
export const exitingPlugin = join(fixturePlugins, 'exits.mjs');

export interface TestSweep {
  sweep: Sweep;
  specs: RunSpec[];
  catalog: LoadedCatalog;
  /** The folder the sweep file would live in. */
  baseDir: string;
}

/** The runs of a sweep file with this text, as if saved as `<baseDir>/<name>.yaml`. */
export async function sweepOf(yaml: string, baseDir = fixturePlugins, fileName = 'test-sweep.yaml'): Promise<TestSweep> {
  const file = join(baseDir, fileName);
  const parsed = parseSweepText(yaml, file);
  if (parsed.issues.length) throw new Error(`test sweep does not parse:\n${parsed.issues.map(formatIssue).join('\n')}`);
  const catalog = await loadCatalog(pluginSpecs(parsed.doc).map((p) => p.spec), baseDir);
  const result = validateSweep(parsed, file, catalog);
  if ('issues' in result) throw new Error(`test sweep is invalid:\n${result.issues.map(formatIssue).join('\n')}`);
  return { sweep: result.sweep, specs: expandSweep(result.sweep, catalog), catalog, baseDir };
}

/** A training context for `trainRun` in the test's own thread, with a clock that only counts calls. */
export function contextOf({ sweep, catalog, baseDir }: TestSweep): TrainContext {
  let tick = 0;
  return { sweep: sweep.name, baseDir, optimizer: catalog.optimizer, pluginOf: catalog.pluginOf, now: () => tick++ };
}
