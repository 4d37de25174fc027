import type { Rng } from '@descent/tensor';
import { parzenEstimator, parzenLogPdf, sampleParzen, type ParzenOptions } from './parzen.js';
import type { Axis } from './space.js';

// TPE's acquisition: draw candidates from l(x), the estimator of the good results, and score each by
// log l(x) − log g(x) (g: the estimator of the rest). Optuna takes the best; a sweep cannot run a point twice
// (its run id would repeat), so these functions give the candidates best first and the caller takes the first
// one not yet used.

export interface Scored {
  /** Internal coordinates, rounded to the axes' values. */
  x: number[];
  score: number;
}

/**
 * `count` draws from l, scored, best first; equal scores keep the draw order, and a candidate equal to an
 * earlier one (integers and choices repeat) is dropped.
 */
export function scoredCandidates(axes: readonly Axis[], below: number[][], above: number[][], random: Rng, count: number, parzen: ParzenOptions): Scored[] {
  const l = parzenEstimator(axes, below, parzen);
  const g = parzenEstimator(axes, above, parzen);
  const seen = new Set<string>();
  const scored: Scored[] = [];
  for (const x of sampleParzen(l, random, count)) {
    const key = x.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    scored.push({ x, score: parzenLogPdf(l, x) - parzenLogPdf(g, x) });
  }
  // Array.prototype.sort is stable: ties stay in draw order.
  return scored.sort((p, q) => q.score - p.score);
}

/**
 * Univariate TPE scores each axis on its own, and a point's score is the sum of its axes' (l and g are
 * products over the axes). This yields points of the per-axis candidate lists (each best first) in order of
 * that sum, best first, at most `limit` of them: a best-first search from the per-axis best, where each step
 * moves one axis to its next candidate. Equal sums go to the smaller index vector.
 */
export function* bestCombinations(lists: readonly Scored[][], limit: number): Generator<number[]> {
  const scoreOf = (indices: number[]) => indices.reduce((sum, i, a) => sum + lists[a][i].score, 0);
  const start = lists.map(() => 0);
  const frontier = [{ indices: start, score: scoreOf(start) }];
  const visited = new Set([start.join(',')]);
  for (let yielded = 0; yielded < limit && frontier.length > 0; yielded++) {
    let best = 0;
    for (let i = 1; i < frontier.length; i++) if (before(frontier[i], frontier[best])) best = i;
    const [{ indices }] = frontier.splice(best, 1);
    yield indices.map((i, a) => lists[a][i].x[0]);
    indices.forEach((i, a) => {
      if (i + 1 >= lists[a].length) return;
      const next = indices.map((j, b) => (b === a ? j + 1 : j));
      const key = next.join(',');
      if (visited.has(key)) return;
      visited.add(key);
      frontier.push({ indices: next, score: scoreOf(next) });
    });
  }
}

function before(p: { indices: number[]; score: number }, q: { indices: number[]; score: number }): boolean {
  if (p.score !== q.score) return p.score > q.score;
  for (let a = 0; a < p.indices.length; a++) if (p.indices[a] !== q.indices[a]) return p.indices[a] < q.indices[a];
  return false;
}
