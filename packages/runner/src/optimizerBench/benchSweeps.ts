import { nameProblem } from '@descent/sweep';
import { RECORD_SCHEMA } from '../types.js';
import type { BenchBudget } from './suite.js';
import { trainYaml, tuningMetric, type WorkloadSpec, type WorkloadVariant } from './workloads.js';

/** An optimizer as the bench trains it: its registry name and, for a plugin, the file or package that declares it. */
export interface BenchEntrant {
  name: string;
  plugin: string | null;
}

/**
 * The store name of one sweep of the bench. It encodes everything the cached runs depend on beyond their configs
 * (the suite version, the budget, the kernels and the record schema, whose engine fixes the last bits: schema 4
 * trains MLPs through capturedStep), so baselines are trained once per each and never read across engines.
 * Characters a sweep name may not hold become '-'.
 */
export function benchSweepName(parts: { suite: string; budget: BenchBudget; kernels: string; workload: string; optimizer: string }, stage: 'tune' | 'replicates' | 'published-replicates'): string {
  const name = safeName(['bench', parts.suite, parts.budget, parts.kernels, `r${RECORD_SCHEMA}`, parts.workload, parts.optimizer, stage].join('-'));
  const problem = nameProblem(name);
  if (problem !== null) throw new Error(`optimizer bench: the sweep name '${name}' ${problem}`);
  return name;
}

/** `text` with every character a stored name may not hold replaced by '-' (the sweep name rule, packages/sweep/sweepName.ts). */
export function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/\.{2,}/g, '.').replace(/^[^A-Za-z0-9]+/, '').replace(/\.+$/, '');
}

/** One search space entry: a hyperparameter's range as a sweep `parameters:` distribution. */
export interface TunedRange {
  key: string;
  min: number;
  max: number;
  log: boolean;
}

function header(name: string, seed: number, entrant: BenchEntrant): string {
  const plugins = entrant.plugin === null ? '' : `plugins: [${JSON.stringify(entrant.plugin)}]\n`;
  return `name: ${name}\nseed: ${seed}\n${plugins}`;
}

function body(workload: WorkloadSpec, variant: WorkloadVariant, optimizer: Record<string, unknown>, metricName: string, target: number | null): string {
  const metric = { name: metricName, goal: workload.goal, ...(target === null ? {} : { target }) };
  return `problem:\n${variant.problem}optimizer: ${JSON.stringify(optimizer)}\n${trainYaml(workload.train)}metric: ${JSON.stringify(metric)}\n`;
}

/**
 * The tuning sweep: `trials` configurations drawn by quasirandom search (scrambled Sobol) over the ranges, one
 * replicate each, on the published variant, measured by the workload's tuning metric (a dataset's validation
 * metric). Without a range to search it is the defaults, once.
 */
export function tuneSweepText(name: string, workload: WorkloadSpec, entrant: BenchEntrant, ranges: readonly TunedRange[], trials: number): string {
  const published = workload.variants[0];
  const search =
    ranges.length === 0
      ? 'method: grid\nreplicates: 1\n'
      : `method: quasirandom\nsamples: ${trials}\nreplicates: 1\n`;
  const parameters = ranges.map((r) => `  optimizer.${r.key}: ${JSON.stringify({ distribution: r.log ? 'log_uniform_values' : 'uniform', min: r.min, max: r.max })}\n`);
  return header(name, published.seed, entrant) + search + body(workload, published, { name: entrant.name }, tuningMetric(workload), null) + (parameters.length ? `parameters:\n${parameters.join('')}` : '');
}

/**
 * The replicates sweep: the tuned configuration `replicates` times on the held-out variant with the target set,
 * measured by the workload's metric (a dataset's test metric)
 * (or on the published variant without one, for deriving the targets).
 * Its seed is the variant's, and replicate k of every optimizer draws the same data, weights, batches and noise
 * (pairing: paired), which is what makes the per-workload verdicts paired.
 */
export function replicatesSweepText(name: string, workload: WorkloadSpec, variant: WorkloadVariant, entrant: BenchEntrant, tuned: Record<string, unknown>, replicates: number, target: number | null): string {
  return header(name, variant.seed, entrant) + `method: grid\nreplicates: ${replicates}\n` + body(workload, variant, { name: entrant.name, ...tuned }, workload.metric, target);
}

