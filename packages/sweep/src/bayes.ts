import type { Assignment } from './combinations.js';
import { quasirandomAssignments } from './quasirandom.js';
import type { Sweep } from './sweep.js';
import { proposeTpe, type Observation } from './tpe/tpe.js';
import { assignmentOfPoint, pointOfAssignment, tpeSpace } from './tpeSpace.js';

/**
 * `method: bayes`: round 1 runs the first `startup` configurations of the sweep's quasirandom sequence; every
 * later round runs `batch` configurations that TPE (tpe/) proposes from the finished configurations' results.
 * Both are pure functions of the file and those results, so any number of workers proposes the same points.
 */

export type { Observation };

/** The quasirandom configurations that round 1 runs, and TPE's fallback: the index-th is the index-th distinct point. */
export function bayesStartup(sweep: Sweep, count = sweep.bayes!.startup): Assignment[][] {
  const startup: Assignment[][] = [];
  if (count <= 0) return startup;
  for (const assignment of quasirandomAssignments(sweep)) if (startup.push(assignment) === count) break;
  return startup;
}

/**
 * Batch `batch` (0 for round 2) of `size` proposals, from the finished configurations' objective values (NaN for
 * diverged or failed: the worst). Seeded by the sweep seed, so it is the same whoever computes it. Shorter than
 * `size` only when a space of integers and listed values has fewer unused points.
 */
export function proposeBayes(sweep: Sweep, history: readonly Observation[], options: { batch: number; size: number; goal: 'minimize' | 'maximize' }): Assignment[][] {
  const points = proposeTpe(tpeSpace(sweep.parameters), history, {
    ...options,
    seed: sweep.seed,
    startup: sweep.bayes!.startup,
    // Not reached from the rounds (round 1 runs all `startup` points, so TPE always has as many results).
    fallback: (index) => pointOfAssignment(bayesStartup(sweep, index + 1)[index]),
  });
  return points.map((point) => assignmentOfPoint(sweep.parameters, point));
}
