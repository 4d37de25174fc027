import { isDeterministicConfig, problemName as problemNameOf } from '@descent/sweep';
import type { Configuration } from './configurations.js';
import type { ReportRun } from './types.js';

/**
 * What a run minimises: a landscape or a dataset, by name. Losses of different problems are different
 * functions (a saddle's loss is negative, a ravine's starts at 24), so views that compare values across
 * configurations compare them within one problem only.
 */

/** The dotted keys that name a run's problem; a view that is drawn per problem leaves them out of its labels. */
export const PROBLEM_NAME_KEYS: readonly string[] = ['problem.landscape.name', 'problem.dataset.name'];

/** The problem a run minimises: its landscape's or its dataset's name. */
export function problemName(run: ReportRun): string {
  return problemNameOf(run.record.config);
}

/**
 * Which contour a landscape run is drawn on: its landscape's name and own settings (not the start or the
 * gradient noise, which move the path, not the function), e.g. 'ravine (condition=190)'. Two runs on
 * ravines of different condition are on different functions and get different panels. The caller that
 * samples the grids names each grid with the same key.
 */
export function landscapeKey(landscape: { name: string; start?: unknown; noise?: unknown; [setting: string]: unknown }): string {
  const settings = Object.keys(landscape)
    .filter((key) => key !== 'name' && key !== 'start' && key !== 'noise')
    .sort()
    .map((key) => `${key}=${String(landscape[key])}`);
  return settings.length === 0 ? landscape.name : `${landscape.name} (${settings.join(', ')})`;
}

export interface ProblemGroup {
  /** The landscape or dataset name. */
  name: string;
  kind: 'landscape' | 'dataset';
  /** The configurations that minimise it, in the order they were given. */
  configurations: Configuration[];
}

/** Configurations grouped by the problem their runs minimise, groups in order of first appearance. */
export function problemGroups(configurations: readonly Configuration[]): ProblemGroup[] {
  const groups: ProblemGroup[] = [];
  for (const configuration of configurations) {
    const run = configuration.runs[0];
    if (run === undefined) continue;
    const name = problemName(run);
    const kind = run.record.config.problem.kind;
    let group = groups.find((known) => known.name === name && known.kind === kind);
    if (group === undefined) groups.push((group = { name, kind, configurations: [] }));
    group.configurations.push(configuration);
  }
  return groups;
}

/**
 * True when a run involves no randomness: a landscape with exact gradients (noise 0) starts at a fixed
 * point and needs no data, so every replicate would repeat it step for step.
 */
export function isDeterministic(run: ReportRun): boolean {
  return isDeterministicConfig(run.record.config);
}
