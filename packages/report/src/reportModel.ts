import { groupAndLabel, labelOver, SWEEP_KEY, type Configuration, type SearchMethod } from './configurations.js';
import { PROBLEM_NAME_KEYS, problemGroups, type ProblemGroup } from './problems.js';
import { rankConfigurations, type ConfigurationResult } from './ranking.js';
import type { ClaimVerdict, LandscapeGrid, SweepInfo } from '@descent/runner';
import type { MetricConfig } from '@descent/sweep';
import type { ReportEnvironment, ReportRun, SweepInProgress, SweepReportInput } from './types.js';
import { PAGE_BEST_CONFIGURATIONS, pageSample, type PageSample } from './pageSample.js';
import { formatCount } from './format.js';

/** Everything the views need, computed once: the configurations, their results and ranking. */
export interface ReportModel {
  title: string;
  sweeps: SweepInfo[];
  environment: ReportEnvironment;
  /** Varied keys; a comparison adds SWEEP_KEY first so each configuration's label carries its sweep's name. */
  varied: string[];
  /**
   * The varied keys that labels name: those not determined by the others (see `labelKeys`). Views that
   * pick keys to draw (the heatmap's lr and momentum) look here, so a key that only follows from another
   * (an optimizer's lr fixed per optimizer name) is never drawn as if it had been varied on its own.
   */
  labelKeys: string[];
  /** 'random' when any sweep chose its configurations (random, quasirandom, bayes): see `SearchMethod`. */
  method: SearchMethod;
  metric: MetricConfig;
  runs: ReportRun[];
  /** In value order (first varied key first). */
  configurations: Configuration[];
  /** Best first. */
  ranked: ConfigurationResult[];
  resultByKey: Map<string, ConfigurationResult>;
  /** The configurations by the problem they minimise (one group unless the sweep varies the problem). */
  problems: ProblemGroup[];
  landscapes: LandscapeGrid[];
  comparison: boolean;
  /** Things the reader must know about the whole report (shown under the title). */
  notes: string[];
  /** The sweep's claims, checked (a single sweep's report only). */
  claims?: readonly ClaimVerdict[];
  /** A single sweep's report while `exp run` still works on it. */
  inProgress?: SweepInProgress;
  /** The configurations drawn one by one when there are more runs than a page can show (`pageSample`); null when every run is drawn. */
  page: PageSample | null;
}

/** Evenly spaced, ascending coordinates (Plot's contour assumes a regular grid). */
function isEvenlySpaced(coordinates: readonly number[]): boolean {
  if (coordinates.length < 2) return false;
  const step = (coordinates[coordinates.length - 1] - coordinates[0]) / (coordinates.length - 1);
  return step > 0 && coordinates.every((value, i) => Math.abs(value - (coordinates[0] + i * step)) <= 1e-9 * Math.max(1, Math.abs(value)) + 1e-6 * step);
}

/** A caller's grid that cannot be drawn is an error that names the grid and what would be accepted. */
export function checkLandscapeGrid(grid: LandscapeGrid): void {
  const expected = grid.x.length * grid.y.length;
  if (grid.values.length !== expected) {
    throw new Error(
      `landscape grid '${grid.name}': values has ${grid.values.length} entries; expected x.length × y.length = ${grid.x.length} × ${grid.y.length} = ${expected} (row-major, values[j * x.length + i] = f(x[i], y[j]))`,
    );
  }
  for (const axis of ['x', 'y'] as const) {
    if (!isEvenlySpaced(grid[axis])) {
      throw new Error(
        `landscape grid '${grid.name}': ${axis} must be at least 2 evenly spaced ascending coordinates; got [${grid[axis].slice(0, 5).join(', ')}${grid[axis].length > 5 ? ', ...' : ''}]`,
      );
    }
  }
}

function buildModel(title: string, sweeps: SweepInfo[], inputs: SweepReportInput[], comparison: boolean, metric: MetricConfig): ReportModel {
  const runs = inputs.flatMap((input) => input.runs);
  const varied: string[] = comparison ? [SWEEP_KEY] : [];
  for (const sweep of sweeps) for (const key of sweep.varied) if (!varied.includes(key)) varied.push(key);
  // A comparison of a grid with a random search is treated as random: the cautious choice for labels.
  const method: SearchMethod = sweeps.every((sweep) => sweep.method === 'grid') ? 'grid' : 'random';
  const { configurations, labelKeys } = groupAndLabel(runs, varied, method);
  const landscapes: LandscapeGrid[] = [];
  for (const input of inputs) input.landscapes.forEach(checkLandscapeGrid);
  for (const input of inputs) {
    for (const grid of input.landscapes) if (!landscapes.some((known) => known.name === grid.name)) landscapes.push(grid);
  }
  const ranked = rankConfigurations(configurations, metric.goal);
  const seed = sweeps.map((sweep) => `${sweep.name}:${sweep.seed}`).join(',');
  const page = pageSample(configurations, ranked, seed);
  return {
    title,
    sweeps,
    environment: inputs[0].environment,
    varied,
    labelKeys,
    method,
    metric,
    runs,
    configurations,
    ranked,
    resultByKey: new Map(ranked.map((result) => [result.configuration.key, result])),
    problems: problemGroups(configurations),
    landscapes,
    comparison,
    notes: page === null ? [] : [pageSampleNote(page, sweeps)],
    page,
  };
}

/** What the page aggregated and sampled, and where every run still is. */
function pageSampleNote(page: PageSample, sweeps: readonly SweepInfo[]): string {
  const listCommands = sweeps.map((sweep) => `'pnpm exp list ${sweep.name}'`).join(', ');
  return (
    `${formatCount(page.totalRuns)} runs are more than a page can draw one by one. The header, the verdict, the importance of settings, ` +
    `the search's best so far and the learning curves use every run; the table of runs, the explore view, the scatter charts and the ` +
    `landscapes' paths draw ${formatCount(page.runs)} runs of ${formatCount(page.configurations.length)} of the ${formatCount(page.totalConfigurations)} configurations: ` +
    `the best ${formatCount(Math.min(PAGE_BEST_CONFIGURATIONS, page.configurations.length))} and a sample of the rest chosen by a hash of each configuration, ` +
    `seeded by the sweep (the same runs at every render). The store keeps every run: ${listCommands} ${sweeps.length > 1 ? 'list' : 'lists'} them, 'pnpm exp show <run id>' shows one.`
  );
}

const drawnModels = new WeakMap<ReportModel, ReportModel>();

/**
 * The model the views that draw each run read: `model` itself when every run fits on the page, else the same
 * report restricted to the page's sample (`model.page`), its ranking, runs and problems. Its configurations are
 * the explore island's, so an index into them is what the page's script understands.
 */
export function drawnModel(model: ReportModel): ReportModel {
  const { page } = model;
  if (page === null) return model;
  const known = drawnModels.get(model);
  if (known !== undefined) return known;
  const shown = new Set(page.configurations);
  const drawn: ReportModel = {
    ...model,
    runs: page.configurations.flatMap((configuration) => configuration.runs),
    configurations: page.configurations,
    ranked: model.ranked.filter((result) => shown.has(result.configuration)),
    problems: problemGroups(page.configurations),
  };
  drawnModels.set(model, drawn);
  return drawn;
}

const drawnIndexes = new WeakMap<ReportModel, Map<Configuration, number>>();

/**
 * A configuration's index in the page's data island (`drawnModel(model).configurations`), or null when the page
 * does not draw it (a configuration outside the sample of a large sweep).
 */
export function drawnIndex(model: ReportModel, configuration: Configuration): number | null {
  let indexes = drawnIndexes.get(model);
  if (indexes === undefined) {
    indexes = new Map(drawnModel(model).configurations.map((known, i) => [known, i]));
    drawnIndexes.set(model, indexes);
  }
  return indexes.get(configuration) ?? null;
}

/** A caller's progress that cannot be shown is an error naming the field and what would be accepted. */
function checkInProgress({ done, total, reloadSeconds }: SweepInProgress): void {
  if (!Number.isInteger(reloadSeconds) || reloadSeconds < 1) throw new Error(`inProgress.reloadSeconds must be a whole number of seconds ≥ 1 (got ${reloadSeconds})`);
  if (!Number.isInteger(done) || !Number.isInteger(total) || done < 0 || done > total) throw new Error(`inProgress: done and total must be whole numbers with 0 ≤ done ≤ total (got ${done} of ${total})`);
}

export function sweepModel(input: SweepReportInput): ReportModel {
  if (input.inProgress) checkInProgress(input.inProgress);
  return {
    ...buildModel(`Sweep ${input.sweep.name}`, [input.sweep], [input], false, input.sweep.metric),
    claims: input.claims ?? [],
    ...(input.inProgress ? { inProgress: input.inProgress } : {}),
  };
}

/**
 * A model over several sweeps. They must share the metric (name and goal): ranking test_loss of one sweep
 * against train_loss of another would crown a winner for the wrong reason. Differing targets are dropped
 * (time-to-target needs one target).
 */
export function comparisonModel(inputs: SweepReportInput[]): ReportModel {
  if (inputs.length === 0) throw new Error('renderComparison: no sweeps given; pass at least one sweep report input');
  const first = inputs[0].sweep.metric;
  const mismatched = inputs.filter(
    (input) => input.sweep.metric.name !== first.name || input.sweep.metric.goal !== first.goal,
  );
  if (mismatched.length > 0) {
    const described = inputs.map((input) => `${input.sweep.name}: ${input.sweep.metric.name} (${input.sweep.metric.goal})`);
    throw new Error(
      `the sweeps use different metrics (${described.join(', ')}); ` +
        `compare sweeps whose metric has the same name and goal`,
    );
  }
  const target = inputs.every((input) => input.sweep.metric.target === first.target) ? first.target : null;
  const names = inputs.map((input) => input.sweep.name);
  const model = buildModel(`Comparison of ${names.join(', ')}`, inputs.map((input) => input.sweep), inputs, true, {
    ...first,
    target,
  });
  if (target === null && inputs.some((input) => input.sweep.metric.target !== null)) {
    const targets = inputs.map((input) => `${input.sweep.name}: ${input.sweep.metric.target ?? 'none'}`);
    model.notes.push(`The sweeps set different metric targets (${targets.join(', ')}), so time-to-target is not compared.`);
  }
  return model;
}

/** Does the model vary this dotted key on its own (not merely as a function of another varied key)? */
export function varies(model: ReportModel, key: string): boolean {
  return model.labelKeys.includes(key);
}

/**
 * A sampled search draws a continuous setting afresh for nearly every configuration; at least this share of
 * them having a value of their own marks the key as drawn from a range, not chosen from a list.
 */
export const SAMPLED_DISTINCT_SHARE = 0.8;

/**
 * Was this key drawn from a continuous range (a log-uniform lr, say)? Only in a search that chose its
 * configurations, when (nearly) every configuration has its own value. Views that lay values out as a grid
 * (one column per distinct value, one line through the values of a series) have nothing to line up then.
 * A grid is never sampled, even over one key with as many values as configurations.
 */
export function isSampledContinuously(model: ReportModel, key: string): boolean {
  const index = model.varied.indexOf(key);
  const count = model.configurations.length;
  if (model.method === 'grid' || index < 0 || count < 2) return false;
  const distinct = new Set(model.configurations.map((configuration) => JSON.stringify(configuration.values[index]))).size;
  return distinct >= SAMPLED_DISTINCT_SHARE * count;
}

/** A configuration's label without some keys, e.g. inside a panel that already names the problem or the batch size. */
export function labelWithout(model: ReportModel, configuration: Configuration, dropped: readonly string[]): string {
  const keys = model.labelKeys.filter((key) => !dropped.includes(key));
  return labelOver(model.varied, keys, configuration);
}

/** A configuration's label inside a view drawn per problem: the problem's name is the panel's title already. */
export function labelWithinProblem(model: ReportModel, configuration: Configuration): string {
  return labelWithout(model, configuration, PROBLEM_NAME_KEYS);
}
