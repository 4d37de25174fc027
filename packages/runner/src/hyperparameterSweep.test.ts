import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJson, expandSweep, hyperparameterSweep, specsOfAssignments, type Assignment, type RunSpec } from '@descent/sweep';
import { describe, expect, it } from 'vitest';
import { openSweep } from './openSweep.js';
import { sweepOf, type TestSweep } from './_testSweeps.js';

// Here rather than in @descent/sweep: the shipped sweeps name the real optimizers, schedules and datasets, and
// only the runner builds that catalog. The fast way must give what resolving every configuration gives, bit for
// bit: the same configurations (key order included, as records are written from them), run ids and seeds.

const sweepsDir = fileURLToPath(new URL('../../../experiments/sweeps/', import.meta.url));
const shipped = readdirSync(sweepsDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

/** The specs as text that differs wherever any value or key order differs. */
const exactly = (specs: readonly RunSpec[]): string => JSON.stringify(specs);

/** Whether the fast way applies to this sweep (else both ways resolve every configuration and agree trivially). */
function takesFastWay({ sweep, catalog }: Pick<TestSweep, 'sweep' | 'catalog'>): boolean {
  const first = expandSweep(sweep, catalog, { resolveEach: true })[0]?.config ?? null;
  return hyperparameterSweep(sweep, catalog, first) !== null;
}

const landscape = (method: string, parameters: string, more = '') => `
name: fast
seed: 7
${method}
${more}
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: momentum, lr: 0.01, momentum: 0.9 }
schedule: { name: warmup_cosine, warmup: 10, min_factor: 0.1 }
train: { batch_size: 1, steps: 50 }
metric: { name: loss, goal: minimize }
parameters:
${parameters}
`;

const HYPERPARAMETERS = `  optimizer.lr: { distribution: log_uniform_values, min: 0.0001, max: 0.1 }
  optimizer.momentum: { distribution: uniform, min: 0, max: 0.99 }`;

/** Sweeps written for this test: every method, replicates, settings of the schedule, listed values that are equal, pairing. */
const written: Record<string, string> = {
  random: landscape('method: random\nsamples: 300', HYPERPARAMETERS, 'replicates: 3'),
  'random, integer and schedule settings': landscape(
    'method: random\nsamples: 200',
    `${HYPERPARAMETERS}\n  schedule.warmup: { distribution: int_uniform, min: 1, max: 40 }\n  schedule.min_factor: { values: [0, 0.1, 1e-1, 0.5] }`,
  ),
  quasirandom: landscape('method: quasirandom\nsamples: 64', HYPERPARAMETERS, 'replicates: 2'),
  bayes: landscape('method: bayes\nsamples: 40\nstartup: 12', HYPERPARAMETERS),
  'grid with equal values (0.1 and 1e-1 are one configuration)': landscape('', `  optimizer.lr: { values: [0.01, 0.1, 1e-1, 0.3] }\n  optimizer.momentum: { values: [0, 0.5, 0.9] }`, 'replicates: 2'),
  'pairing: independent': landscape('method: random\nsamples: 50', HYPERPARAMETERS, 'pairing: independent'),
  'a dataset problem': `
name: fast
seed: 3
method: random
samples: 60
replicates: 2
problem:
  dataset: { name: moons, size: 200, noise: 0.2 }
  model: { hidden: [8] }
optimizer: { name: adam }
train: { batch_size: 16, epochs: 2 }
parameters:
  optimizer.lr: { distribution: log_uniform_values, min: 0.0001, max: 0.1 }
  optimizer.beta1: { values: [0.8, 0.9, 0.95] }
`,
  // Not for the fast way (the batch size is a train setting, the optimizer is swept whole): resolved each, as before.
  'a train setting swept too': landscape('method: random\nsamples: 40', `${HYPERPARAMETERS}\n  train.batch_size: { values: [1, 4] }`),
  'optimizers swept whole': landscape('', `  optimizer: { values: [{ name: sgd, lr: 0.1 }, { name: momentum, lr: 0.01 }] }`),
};

describe('a hyperparameter sweep expanded the fast way gives what resolving every configuration gives', () => {
  it.each(shipped)('shipped sweep %s', async (name) => {
    const file = join(sweepsDir, name);
    const opened = await openSweep(file, { text: readFileSync(file, 'utf8') });
    if ('stage' in opened) throw new Error(`${name} is invalid`);
    const slow = expandSweep(opened.sweep, opened.catalog, { resolveEach: true });
    expect(exactly(expandSweep(opened.sweep, opened.catalog))).toBe(exactly(slow));
  });

  it('takes the fast way for the shipped sweeps that sweep only hyperparameters', async () => {
    const fast = [];
    for (const name of shipped) {
      const file = join(sweepsDir, name);
      const opened = await openSweep(file, { text: readFileSync(file, 'utf8') });
      if (!('stage' in opened) && takesFastWay(opened)) fast.push(name);
    }
    expect(fast).toContain('learning-rate.yaml');
  });

  it.each(Object.keys(written))('%s', async (name) => {
    const test = await sweepOf(written[name]);
    const { sweep, catalog } = test;
    const slow = expandSweep(sweep, catalog, { resolveEach: true });
    expect(slow.length).toBeGreaterThan(1);
    expect(exactly(expandSweep(sweep, catalog))).toBe(exactly(slow));
    // Every configuration's canonical text, built by cutting and joining, is canonicalJson's.
    for (const spec of slow.slice(0, 50)) expect(runIdOf(spec)).toBe(spec.runId);
    expect(takesFastWay(test)).toBe(!name.includes('swept too') && !name.includes('whole'));
  });

  it('configurations given as assignments (bayes rounds, early termination) come out as resolving them gives', async () => {
    const { sweep, catalog } = await sweepOf(written.bayes);
    const proposals = [0.001, 0.01, 0.05, 0.01].map((lr, i) => proposal(sweep.parameters, lr, i / 4));
    const slow = specsOfAssignments(sweep, catalog, proposals, 2, { resolveEach: true });
    expect(slow).toHaveLength(8);
    expect(exactly(specsOfAssignments(sweep, catalog, proposals, 2))).toBe(exactly(slow));
    // An assignment of one parameter leaves the other at the base's value.
    const partial = [proposals[0], [proposals[1][0]], [proposals[2][1]]];
    expect(exactly(specsOfAssignments(sweep, catalog, partial, 1))).toBe(exactly(specsOfAssignments(sweep, catalog, partial, 1, { resolveEach: true })));
  });

  it('a value its setting refuses is reported as resolving reports it, not put in', async () => {
    const { sweep, catalog } = await sweepOf(landscape('method: random\nsamples: 5', HYPERPARAMETERS));
    const refused = proposal(sweep.parameters, -1, 0.5); // lr must be > 0
    const slow = () => specsOfAssignments(sweep, catalog, [proposal(sweep.parameters, 0.01, 0.5), refused], 1, { resolveEach: true });
    const fast = () => specsOfAssignments(sweep, catalog, [proposal(sweep.parameters, 0.01, 0.5), refused], 1);
    expect(slow).toThrow(/optimizer\.lr/);
    expect(fast).toThrow(/optimizer\.lr/);
    expect(() => fast()).toThrow(errorOf(slow));
  });
});

/** runIdentity's definition, from the spec's config: the first 12 hex of sha256(canonicalJson({config, replicate})). */
function runIdOf(spec: RunSpec): string {
  return createHash('sha256').update(canonicalJson({ config: spec.config, replicate: spec.replicate }), 'utf8').digest('hex').slice(0, 12);
}

/** An assignment of lr and momentum (the parameters in the sweep's order). */
function proposal(parameters: TestSweep['sweep']['parameters'], lr: number, momentum: number): Assignment[] {
  const value = (key: string) => (key === 'optimizer.lr' ? lr : momentum);
  return parameters.map((parameter) => ({ parameter, value: { kind: 'scalar', value: value(parameter.key), pos: parameter.keyPos } }));
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected it to throw');
}
