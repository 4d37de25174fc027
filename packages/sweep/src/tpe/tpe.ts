import { rng, type Rng } from '@descent/tensor';
import { bestCombinations, scoredCandidates } from './candidates.js';
import { PARZEN_DEFAULTS, type ParzenOptions } from './parzen.js';
import { axesOf, cardinality, pointKey, type Axis, type Point, type SearchSpace } from './space.js';

// proposeTpe: the tree-structured Parzen estimator (Bergstra et al. 2011) as Optuna's TPESampler runs it, made
// a pure function of (space, finished results, seed, batch) so that a search replays to the bit whatever the
// number of workers and whichever finished first.

/** A finished evaluation: the point and its objective value (NaN or ±Infinity for a run that diverged). */
export interface Observation {
  point: Point;
  value: number;
}

export interface TpeOptions extends Partial<ParzenOptions> {
  goal: 'minimize' | 'maximize';
  seed: string | number;
  /** Which batch this is (0, 1, …): with the seed, names the random streams. */
  batch: number;
  /** Proposals in the batch (a sweep setting, never the number of workers). */
  size: number;
  /**
   * The startup proposal at `index` = batch · size + slot (e.g. the index-th quasirandom point): used for the
   * whole batch while fewer than `startup` results have finished. Its points should not repeat each other.
   */
  fallback: (index: number) => Point;
  /** Finished results before TPE takes over (Optuna: n_startup_trials = 10). */
  startup?: number;
  /** Draws from l(x) among which the best l/g wins (Optuna: n_ei_candidates = 24). */
  candidates?: number;
  /** How many of n finished results are "good" (Optuna: default_gamma, min(⌈0.1·n⌉, 25)). */
  gamma?: (n: number) => number;
  /**
   * Treat the batch's earlier proposals as running evaluations with the worst value, so that g(x) rises around
   * them and the later slots look elsewhere (Optuna's constant_liar). Default true.
   */
  constantLiar?: boolean;
}

/** Optuna's default_gamma: the good set is the best ⌈10%⌉ of the results, at most 25. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** Rounds of candidates for one slot before it gives up on finding a point not yet evaluated or proposed. */
const TPE_ATTEMPTS = 4;
/** Univariate: combinations of the axes' candidates looked at per round, best first. */
const COMBINATIONS = 256;
/** Spaces of integers and choices up to this size are listed to find an unused point when TPE keeps repeating. */
const ENUMERABLE = 1_000_000;

/**
 * The batch-th batch of `size` proposals. Deterministic: the result depends only on the space, the set of
 * observations (their order does not matter: they are put in canonical order, the canonical JSON of the point,
 * then the value), the seed, the batch index and the options, never on timing or Math.random.
 *
 * Each slot s draws from its own stream rng(`tpe:<seed>`) / `batch:<b>` / `slot:<s>` / `attempt:<k>`. A
 * proposal never repeats an observed point or an earlier slot's (compared after rounding to the declared values:
 * integers and choices): the slot takes the best-scoring candidate not yet used; when every candidate of a round
 * is used, it draws a new round from the next attempt's stream, and after TPE_ATTEMPTS rounds it takes a
 * uniformly drawn unused point. A space of integers and choices with fewer unused points than `size` gives a
 * shorter batch (none when it is exhausted).
 */
export function proposeTpe(space: SearchSpace, history: readonly Observation[], options: TpeOptions): Point[] {
  const axes = axesOf(space);
  const { goal, seed, batch, size, fallback } = options;
  const parzen: ParzenOptions = {
    priorWeight: options.priorWeight ?? PARZEN_DEFAULTS.priorWeight,
    considerMagicClip: options.considerMagicClip ?? PARZEN_DEFAULTS.considerMagicClip,
    considerEndpoints: options.considerEndpoints ?? PARZEN_DEFAULTS.considerEndpoints,
    multivariate: options.multivariate ?? PARZEN_DEFAULTS.multivariate,
  };
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`tpe: size must be an integer ≥ 0 (got ${size})`);
  if (!Number.isInteger(batch) || batch < 0) throw new RangeError(`tpe: batch must be an integer ≥ 0 (got ${batch})`);

  if (history.length < (options.startup ?? 10)) return Array.from({ length: size }, (_, slot) => fallback(batch * size + slot));

  const finished = canonicalHistory(axes, history, goal);
  const used = new Set(finished.map((entry) => entry.key));
  const total = cardinality(axes);
  const root = rng(`tpe:${seed}`).stream(`batch:${batch}`);
  const proposals: Point[] = [];
  const pending: number[][] = [];
  for (let slot = 0; slot < size && used.size < total; slot++) {
    const slotRng = root.stream(`slot:${slot}`);
    let point: Point | null = null;
    for (let attempt = 0; attempt < TPE_ATTEMPTS && point === null; attempt++) {
      const random = slotRng.stream(`attempt:${attempt}`);
      for (const x of rankedProposals(axes, finished, options.constantLiar === false ? [] : pending, random, options, parzen)) {
        const candidate = pointOf(axes, x);
        if (!used.has(pointKey(axes, candidate))) {
          point = candidate;
          break;
        }
      }
    }
    point ??= unusedPoint(axes, used, total, slotRng.stream('unused'));
    used.add(pointKey(axes, point));
    proposals.push(point);
    pending.push(axes.map((axis) => axis.toInternal(point[axis.key])));
  }
  return proposals;
}

interface Finished {
  key: string;
  /** The value to minimise: the value, negated to maximise; +Infinity for NaN and infinities (diverged is worst). */
  loss: number;
  x: number[];
}

/** The observations sorted by the canonical JSON of their points, then by loss: an order no timing can change. */
function canonicalHistory(axes: readonly Axis[], history: readonly Observation[], goal: 'minimize' | 'maximize'): Finished[] {
  const sign = goal === 'minimize' ? 1 : -1;
  return history
    .map(({ point, value }) => ({
      key: pointKey(axes, point),
      loss: Number.isFinite(value) ? sign * value : Infinity,
      x: axes.map((axis) => axis.toInternal(point[axis.key])),
    }))
    .sort((p, q) => (p.key < q.key ? -1 : p.key > q.key ? 1 : compareLoss(p.loss, q.loss)));
}

function compareLoss(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One TPE step (Optuna's sample_independent, or sample_relative when multivariate): the best gamma(n) results
 * are "below" and build l(x), the rest and the pending proposals "above" and build g(x); of `candidates`
 * draws from l the one with the largest log l − log g wins. Here all of them come out, best first (see
 * candidates.ts), for the caller to skip those already used. Univariate: each axis on its own, from its own
 * stream named by its key, so adding an axis leaves the others' draws unchanged.
 */
function rankedProposals(axes: readonly Axis[], finished: readonly Finished[], pending: readonly number[][], random: Rng, options: TpeOptions, parzen: ParzenOptions): Iterable<number[]> {
  const n = finished.length;
  const nBelow = (options.gamma ?? defaultGamma)(n);
  // A stable sort by loss: ties keep the canonical order. Below and above then keep the canonical order too.
  const ranked = finished.map((_, i) => i).sort((i, j) => compareLoss(finished[i].loss, finished[j].loss) || i - j);
  const isBelow = new Set(ranked.slice(0, nBelow));
  const below = finished.filter((_, i) => isBelow.has(i)).map((entry) => entry.x);
  const above = [...finished.filter((_, i) => !isBelow.has(i)).map((entry) => entry.x), ...pending];
  const count = options.candidates ?? 24;
  if (parzen.multivariate) return scoredCandidates(axes, below, above, random.stream('multivariate'), count, parzen).map((c) => c.x);
  const lists = axes.map((axis, a) => {
    const column = (points: number[][]) => points.map((x) => [x[a]]);
    return scoredCandidates([axis], column(below), column(above), random.stream(axis.key), count, parzen);
  });
  return bestCombinations(lists, COMBINATIONS);
}

function pointOf(axes: readonly Axis[], x: readonly number[]): Point {
  return Object.fromEntries(axes.map((axis, a) => [axis.key, axis.fromInternal(x[a])]));
}

/** A point not in `used`, uniform over the unused ones where the space can be listed, else by uniform draws. */
function unusedPoint(axes: readonly Axis[], used: ReadonlySet<string>, total: number, random: Rng): Point {
  if (total <= ENUMERABLE) {
    const unused: Point[] = [];
    for (let index = 0; index < total; index++) {
      const point = nthPoint(axes, index);
      if (!used.has(pointKey(axes, point))) unused.push(point);
    }
    return unused[random.int(unused.length)];
  }
  for (let attempt = 0; attempt < 1000; attempt++) {
    const point = pointOf(axes, axes.map((axis) => (axis.kind === 'categorical' ? random.int(axis.count) : random.uniformIn(axis.low, axis.high))));
    if (!used.has(pointKey(axes, point))) return point;
  }
  throw new Error(`tpe: found no point that is not already used in 1000 uniform draws over ${total} points`);
}

/** The index-th point of a space of integers and choices, in mixed radix (the last axis varies fastest). */
function nthPoint(axes: readonly Axis[], index: number): Point {
  const values = new Array<number>(axes.length);
  for (let a = axes.length - 1; a >= 0; a--) {
    const { dimension } = axes[a];
    const radix = dimension.kind === 'categorical' ? dimension.choices.length : dimension.kind === 'int' ? dimension.max - dimension.min + 1 : 1;
    const digit = index % radix;
    index = Math.floor(index / radix);
    values[a] = dimension.kind === 'int' ? dimension.min + digit : digit;
  }
  return Object.fromEntries(axes.map((axis, a) => [axis.key, axis.kind === 'categorical' ? axis.fromInternal(values[a]) : values[a]]));
}
