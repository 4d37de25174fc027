import { gridValues, type SearchDimension, type SearchObjective } from './objectives.js';

/**
 * The sweep file of one search: the objective's problem, its space as `parameters:` (ranges for a sampler, the
 * grid's lists for `method: grid`), `seed:` the search seed (which also seeds the runs, as in any sweep) and
 * one replicate per configuration. Every search of an objective names its sweep after the objective, so the
 * searches of one seed share a store and a configuration two of them train is trained once.
 */
export function searchSweepText(objective: SearchObjective, search: { seed: number; sweepKeys: Record<string, unknown>; samples?: number }): string {
  const keys = Object.entries(search.sweepKeys).map(([key, value]) => `${key}: ${JSON.stringify(value)}\n`);
  const grid = search.sweepKeys.method === 'grid';
  const parameters = objective.space.map((d) => `  ${d.key}: ${JSON.stringify(grid ? { values: gridValues(d) } : sampledParameter(d))}\n`);
  return [
    `name: ${objective.id}\n`,
    `seed: ${search.seed}\n`,
    'replicates: 1\n',
    ...keys,
    ...(search.samples === undefined ? [] : [`samples: ${search.samples}\n`]),
    objective.base,
    'parameters:\n',
    ...parameters,
  ].join('');
}

function sampledParameter(dimension: SearchDimension): Record<string, unknown> {
  if ('choices' in dimension) return { values: dimension.choices };
  return { distribution: dimension.scale === 'log' ? 'log_uniform_values' : 'uniform', min: dimension.min, max: dimension.max };
}
