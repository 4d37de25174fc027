import { dirname } from 'node:path';
import { rng, type Rng } from '@descent/tensor';
import type { ResolvedConfig } from './config.js';
import type { Catalog } from './catalog.js';
import { cartesian, overlay, type Assignment } from './combinations.js';
import { canonicalJson, runIdentity, streamSeeds } from './identity.js';
import { problemShape } from './problemShape.js';
import { IssueCollector, SweepIssuesError } from './issue.js';
import { resolveConfig } from './resolveConfig.js';
import type { RunSpec, Sweep, SweepParameter } from './sweep.js';
import type { SweepNode } from './tree.js';

export interface ExpandOptions {
  /** Replicates per configuration (default `sweep.replicates`); adaptive replicates expand up to their `max`. */
  replicates?: number;
}

/**
 * Every run of a validated sweep. Grid: the cartesian product, first parameter varying slowest.
 * Random: `samples` draws from rng(`sweep:${seed}`). Each configuration gets every default filled in;
 * configurations that come out equal (0.1 and 1e-1) are kept once; then each is repeated for every
 * replicate, replicate-major (all configurations of replicate 0 first, so a sweep stopped early has
 * seen every configuration). Each run carries the seeds of its random streams (streamSeeds: shared
 * across configurations under `pairing: paired`).
 * Throws SweepIssuesError if a configuration is invalid (only possible for grids too large for
 * validation to try every combination).
 */
export function expandSweep(sweep: Sweep, catalog: Catalog, options: ExpandOptions = {}): RunSpec[] {
  const issues = new IssueCollector(sweep.file);
  const configs = new Map<string, ResolvedConfig>();
  const assignments = sweep.method === 'grid' ? gridAssignments(sweep.parameters) : randomAssignments(sweep);
  // Datasets that read files (csv) find them next to the sweep file.
  const context = { baseDir: dirname(sweep.file) };
  for (const assignment of assignments) {
    const config = resolveConfig(overlay(sweep.base, assignment), sweep, catalog, context, issues);
    if (config === null) continue;
    const key = canonicalJson(config);
    if (!configs.has(key)) configs.set(key, config);
  }
  if (issues.count > 0) throw new SweepIssuesError(issues.list());

  const shapes = [...configs.values()].map((config) => problemShape(config, catalog, context));
  const specs: RunSpec[] = [];
  for (let replicate = 0; replicate < (options.replicates ?? sweep.replicates); replicate++) {
    [...configs.values()].forEach((config, i) => specs.push({ config, replicate, ...runIdentity(config, replicate), seeds: streamSeeds(config, replicate, shapes[i]) }));
  }
  return specs;
}

function* gridAssignments(parameters: readonly SweepParameter[]): Generator<Assignment[]> {
  const values = parameters.map((p) => (p.kind === 'values' ? p.values : []));
  for (const index of cartesian(values.map((v) => v.length))) yield index.map((i, p) => ({ parameter: parameters[p], value: values[p][i] }));
}

/**
 * One independent stream per parameter, named by its key and visited in key order, so reordering the
 * parameters in the file, or adding one, leaves the other parameters' draws unchanged.
 */
function* randomAssignments(sweep: Sweep): Generator<Assignment[]> {
  const parameters = [...sweep.parameters].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const sweepRng = rng(`sweep:${sweep.seed}`);
  const streams = parameters.map((p) => sweepRng.stream(p.key));
  for (let sample = 0; sample < (sweep.samples ?? 0); sample++) {
    yield parameters.map((parameter, i) => ({ parameter, value: draw(parameter, streams[i]) }));
  }
}

/** One draw: a uniform pick from values; uniform in [min, max); exp(uniform(log min, log max)); an integer in [min, max]. */
function draw(parameter: SweepParameter, random: Rng): SweepNode {
  if (parameter.kind === 'values') return parameter.values[random.int(parameter.values.length)];
  const { min, max, minPos: pos } = parameter;
  let value: number;
  switch (parameter.kind) {
    case 'uniform':
      value = random.uniformIn(min, max);
      break;
    case 'log_uniform_values':
      // exp(log(max)) can land an ulp above max; clamp so a declared upper bound still holds.
      value = Math.min(max, Math.max(min, Math.exp(random.uniformIn(Math.log(min), Math.log(max)))));
      break;
    case 'int_uniform':
      value = min + random.int(max - min + 1);
      break;
  }
  return { kind: 'scalar', value, pos };
}
