import { dirname } from 'node:path';
import { rng } from '@descent/tensor';
import type { ResolvedConfig } from './config.js';
import type { Catalog } from './catalog.js';
import { cartesian, overlay, type Assignment } from './combinations.js';
import { canonicalJson, runIdentityOfJson, streamSeeds } from './identity.js';
import { hyperparameterSweep, type ConfigWithJson, type HyperparameterSweep } from './hyperparameterSweep.js';
import { problemShape } from './problemShape.js';
import { IssueCollector, SweepIssuesError } from './issue.js';
import { valueAt } from './parameterValue.js';
import { quasirandomAssignments, quasirandomPointLimit } from './quasirandom.js';
import { bayesStartup } from './bayes.js';
import { resolveConfig } from './resolveConfig.js';
import type { RunSpec, Sweep, SweepParameter } from './sweep.js';

export interface ExpandOptions {
  /** Replicates per configuration (default `sweep.replicates`); adaptive replicates expand up to their `max`. */
  replicates?: number;
  /**
   * Resolve every configuration from the sweep's tree, never the fast way of a hyperparameter sweep
   * (hyperparameterSweep.ts): the readable path, which tests hold the fast one to.
   */
  resolveEach?: boolean;
}

/**
 * Every run of a validated sweep. Grid: the cartesian product, first parameter varying slowest.
 * Random: `samples` draws from rng(`sweep:${seed}`). Quasirandom: the first `samples` distinct
 * configurations of a scrambled Sobol sequence (quasirandom.ts). Each configuration gets every default filled
 * in; configurations that come out equal (0.1 and 1e-1) are kept once; then each is repeated for every
 * replicate, replicate-major (all configurations of replicate 0 first, so a sweep stopped early has
 * seen every configuration). Each run carries the seeds of its random streams (streamSeeds: shared
 * across configurations under `pairing: paired`).
 * Throws SweepIssuesError if a configuration is invalid (only possible for grids too large for
 * validation to try every combination).
 */
export function expandSweep(sweep: Sweep, catalog: Catalog, options: ExpandOptions = {}): RunSpec[] {
  // Bayes search expands to its first round, the startup points (bayes.ts); TPE proposes the rest from their results.
  if (sweep.method === 'bayes') return specsOfAssignments(sweep, catalog, bayesStartup(sweep), options.replicates, options);
  const issues = new IssueCollector(sweep.file);
  const assignments = sweep.method === 'grid' ? gridAssignments(sweep.parameters) : sweep.method === 'random' ? randomAssignments(sweep) : quasirandomAssignments(sweep);
  // Quasirandom search takes points until it has `samples` distinct configurations (an invalid one counts, to be reported).
  const wanted = sweep.method === 'quasirandom' ? (sweep.samples ?? 0) : Infinity;
  const { configs, taken } = distinctConfigs(sweep, catalog, assignments, wanted, issues, options);
  if (issues.count === 0 && wanted !== Infinity && taken < wanted)
    issues.add(
      sweep.base.pos,
      'samples',
      `the first ${quasirandomPointLimit(wanted)} points of the quasirandom sequence give only ${taken} distinct configuration${taken === 1 ? '' : 's'} of the ${wanted} asked for (listed values that resolve to the same configuration count once)`,
      String(wanted),
      `samples: ${taken} or fewer, or a continuous range`,
    );
  if (issues.count > 0) throw new SweepIssuesError(issues.list());
  return replicateSpecs(configs, options.replicates ?? sweep.replicates, catalog, sweep);
}

/**
 * The runs of these assignments (of every parameter), built as expandSweep builds a sweep's: every default filled
 * in, configurations that come out equal kept once, each repeated for `replicates` replicates, replicate-major,
 * with the same run ids, seeds and pairing. Bayes search builds each round's runs with it. Throws SweepIssuesError
 * if a configuration is invalid.
 */
export function specsOfAssignments(sweep: Sweep, catalog: Catalog, assignments: Iterable<Assignment[]>, replicates = sweep.replicates, { resolveEach = false }: ExpandOptions = {}): RunSpec[] {
  const issues = new IssueCollector(sweep.file);
  const { configs } = distinctConfigs(sweep, catalog, assignments, Infinity, issues, { resolveEach });
  if (issues.count > 0) throw new SweepIssuesError(issues.list());
  return replicateSpecs(configs, replicates, catalog, sweep);
}

/**
 * The distinct configurations of the assignments, in order, each with its canonicalJson, up to `wanted` taken (an
 * invalid one counts, to be reported). A sweep of optimizer and schedule settings takes the fast way from its
 * first configuration to the others (hyperparameterSweep.ts); any configuration it cannot build is resolved.
 */
function distinctConfigs(
  sweep: Sweep,
  catalog: Catalog,
  assignments: Iterable<Assignment[]>,
  wanted: number,
  issues: IssueCollector,
  { resolveEach = false }: ExpandOptions,
): { configs: ConfigWithJson[]; taken: number } {
  const configs = new Map<string, ConfigWithJson>();
  let taken = 0;
  // Datasets that read files (csv) find them next to the sweep file.
  const context = { baseDir: dirname(sweep.file) };
  let fast: HyperparameterSweep | null | undefined = resolveEach ? null : undefined;
  for (const assignment of assignments) {
    let found = fast?.configOf(assignment) ?? null;
    if (found === null) {
      const config = resolveConfig(overlay(sweep.base, assignment), sweep, catalog, context, issues);
      found = config === null ? null : { config, json: canonicalJson(config) };
      if (fast === undefined) fast = hyperparameterSweep(sweep, catalog, config);
    }
    if (found !== null && configs.has(found.json)) continue;
    if (found !== null) configs.set(found.json, found);
    // Stop as soon as the last one is taken: asking the sequence for one more could search it to its limit.
    if (++taken === wanted) break;
  }
  return { configs: [...configs.values()], taken };
}

/** Each configuration repeated for every replicate, replicate-major, with its run identity and stream seeds. */
function replicateSpecs(configs: readonly ConfigWithJson[], replicates: number, catalog: Catalog, sweep: Sweep): RunSpec[] {
  const context = { baseDir: dirname(sweep.file) };
  // Configurations built the fast way share their problem section, and with it its shape (a csv dataset reads its file for it).
  const shapeOf = new Map<ResolvedConfig['problem'], ReturnType<typeof problemShape>>();
  const shapes = configs.map(({ config }) => {
    if (!shapeOf.has(config.problem)) shapeOf.set(config.problem, problemShape(config, catalog, context));
    return shapeOf.get(config.problem)!;
  });
  const specs: RunSpec[] = [];
  const knownSeeds = new Map<string, string>();
  for (let replicate = 0; replicate < replicates; replicate++) {
    // Paired, a run's stream seeds follow from its seed, problem section and replicate only (streamSeeds), and
    // configurations built the fast way share their problem section: one replicate's seeds are made once per
    // section (100,000 configurations: a seventh of the expansion went to writing the same seed texts again).
    const pairedSeeds = new Map<ResolvedConfig['problem'], { seed: ResolvedConfig['seed']; seeds: RunSpec['seeds'] }>();
    configs.forEach(({ config, json }, i) => {
      let seeds: RunSpec['seeds'];
      const known = pairedSeeds.get(config.problem);
      if (config.pairing !== 'independent' && known !== undefined && known.seed === config.seed) seeds = { ...known.seeds };
      else {
        seeds = streamSeeds(config, replicate, shapes[i], knownSeeds);
        if (config.pairing !== 'independent') pairedSeeds.set(config.problem, { seed: config.seed, seeds });
      }
      specs.push({ config, replicate, ...runIdentityOfJson(json, replicate), seeds });
    });
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
    yield parameters.map((parameter, i) => ({ parameter, value: valueAt(parameter, streams[i].uniform()) }));
  }
}
